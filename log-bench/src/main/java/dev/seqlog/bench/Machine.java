package dev.seqlog.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Facts about the machine printed with every result: how busy it was, since the tools share its cores with
 * whatever else runs. Stateless.
 */
public final class Machine {
    private Machine() {
    }

    /** @return the 1, 5 and 15 minute load averages, or "n/a" where {@code /proc/loadavg} is missing */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "n/a";
        }
    }
}
