package dev.seqlog.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code import dev.seqlog.api.*;} must compile next to the implicit {@code java.lang.*}. */
class PublicNamesTest {

    @Test
    void noTypeOfThePackageSharesASimpleNameWithJavaLang() throws IOException, URISyntaxException {
        Path dir = Path.of(EventLog.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/seqlog/api");
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.equals("package-info.class"))
                    .forEach(n -> names.add(n.substring(0, n.length() - ".class".length())));
        }
        assertTrue(names.contains("EventLog") && names.size() > 30, "found the package's classes: " + names);
        List<String> clashes = names.stream().filter(PublicNamesTest::inJavaLang).toList();
        assertEquals(List.of(), clashes);
    }

    private static boolean inJavaLang(String simpleName) {
        try {
            Class.forName("java.lang." + simpleName, false, ClassLoader.getPlatformClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
