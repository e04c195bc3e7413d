package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** bin/demo's own output: readable in a pipe or a log file, bold only on a terminal. */
class DemoOutputTest {
    private static final Path DEMO = Path.of("..", "bin", "demo");

    /** bin/demo's output helpers (the block from "# output:" to "# end of output"), then {@code commands}. */
    private static String run(String commands) throws Exception {
        String script = Files.readString(DEMO);
        String helpers = script.substring(script.indexOf("# output:"), script.indexOf("# end of output"));
        Process p = new ProcessBuilder("bash", "-c", helpers + "\n" + commands).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void headingsWriteNoColourCodesIntoAPipe() throws Exception {
        String out = run("say building; printf '%sSUMMARY%s  rows: 5\\n' \"$bold\" \"$plain\"");
        assertThat(out).isEqualTo("\n== building\nSUMMARY  rows: 5\n").doesNotContain("\033");
    }

    @Test
    void headingsAreBoldOnATerminal() throws Exception {
        // script(1) gives the commands a terminal of their own; skip where it is missing
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")));
        String script = Files.readString(DEMO);
        Path helpers = Files.createTempFile("demo-output", ".sh");
        try {
            Files.writeString(helpers, script.substring(script.indexOf("# output:"), script.indexOf("# end of output"))
                    + "\nsay building\n");
            Process p = new ProcessBuilder("script", "-qec", "bash " + helpers, "/dev/null").redirectErrorStream(true)
                    .start();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("\033[1m== building\033[0m");
        } finally {
            Files.deleteIfExists(helpers);
        }
    }
}
