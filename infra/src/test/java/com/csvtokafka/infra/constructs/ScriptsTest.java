package com.csvtokafka.infra.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The user data scripts are bash: a syntax error would only show on a booted instance, so catch it here. */
class ScriptsTest {

    @ParameterizedTest
    @ValueSource(strings = {"ec2-prepare.sh", "ec2-run.sh", "batch-instance.sh"})
    void scriptParsesAsBash(String name) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash is not installed");
        Path file = Files.createTempFile(name, ".sh");
        Files.writeString(file, "#!/bin/bash\n" + Scripts.read(name));
        Process bash = new ProcessBuilder("/bin/bash", "-n", file.toString()).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes());
        assertThat(bash.waitFor()).as(output).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec2-prepare.sh", "ec2-run.sh", "batch-instance.sh"})
    void scriptsUseImdsV2Only(String name) {
        String script = Scripts.read(name);
        if (script.contains("169.254.169.254")) {
            assertThat(script).contains("X-aws-ec2-metadata-token");
        }
    }
}
