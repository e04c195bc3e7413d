package com.csvtokafka.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSliceTest {

    @Test
    void streamsExactlyTheSliceAndAgainOnEveryCall(@TempDir Path dir) throws Exception {
        byte[] content = new byte[10_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        Path file = Files.write(dir.resolve("data"), content);
        FileSlice slice = new FileSlice(file, 4_000, 3_000);

        for (int attempt = 0; attempt < 2; attempt++) {
            try (InputStream in = slice.newStream()) {
                assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 4_000, 7_000));
            }
        }
    }

    @Test
    void lastSliceEndsAtEndOfFile(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("data"), "0123456789".getBytes());

        try (InputStream in = new FileSlice(file, 8, 2).newStream()) {
            assertThat(in.read()).isEqualTo('8');
            assertThat(in.read()).isEqualTo('9');
            assertThat(in.read()).isEqualTo(-1);
        }
    }
}
