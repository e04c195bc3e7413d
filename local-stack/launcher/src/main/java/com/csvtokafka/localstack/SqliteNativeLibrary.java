package com.csvtokafka.localstack;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The directory holding sqlite4java's JNI library for this machine, for {@code -Dsqlite4java.library.path}.
 * DynamoDB Local's pom brings the libraries for every platform sqlite4java was built for; Maven stores each in
 * its own directory, named with its version ({@code libsqlite4java-linux-amd64-1.0.392.so}), which sqlite4java
 * accepts.
 */
final class SqliteNativeLibrary {

    private SqliteNativeLibrary() {
    }

    static Path directory() {
        String prefix = prefix(System.getProperty("os.name"), System.getProperty("os.arch"));
        List<Path> libraries = RuntimeClasspath.resource("dynamodb", "dynamodb.native");
        return libraries.stream()
                .filter(library -> library.getFileName().toString().startsWith(prefix + "-"))
                .findFirst()
                .map(Path::getParent)
                .orElseThrow(() -> new LocalStackException("DynamoDB Local needs sqlite4java's native library "
                        + prefix + ", which is not among " + libraries + " (os.name=" + System.getProperty("os.name")
                        + ", os.arch=" + System.getProperty("os.arch") + ")"));
    }

    /** sqlite4java's file naming: libsqlite4java-linux-amd64, libsqlite4java-osx, sqlite4java-win32-x64. */
    static String prefix(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        boolean x64 = osArch.equals("amd64") || osArch.equals("x86_64");
        if (os.contains("linux")) {
            boolean x86 = osArch.equals("x86") || osArch.equals("i386");
            return "libsqlite4java-linux-" + (x64 ? "amd64" : x86 ? "i386" : osArch);
        }
        if (os.contains("mac")) {
            return "libsqlite4java-osx";
        }
        if (os.contains("windows")) {
            return "sqlite4java-win32-" + (x64 ? "x64" : "x86");
        }
        return "libsqlite4java-" + os + "-" + osArch;
    }
}
