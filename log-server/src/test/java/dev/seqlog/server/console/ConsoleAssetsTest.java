package dev.seqlog.server.console;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's files as shipped: the list the server serves equals the resource directory, every module
 * import names a served file, and no file uses the browser APIs that would turn data into markup or code, or
 * keep the key beyond the page's memory.
 */
class ConsoleAssetsTest {
    private static final Path DIR = Path.of("src/main/resources/dev/seqlog/server/console");
    /** Sinks that parse strings as HTML or code, and every kind of storage a key could end up in. */
    private static final List<String> FORBIDDEN = List.of("innerHTML", "outerHTML", "insertAdjacentHTML",
            "document.write", "eval(", "new Function", "setTimeout('", "setTimeout(\"", "srcdoc", "DOMParser",
            "createContextualFragment", "localStorage", "sessionStorage", "indexedDB", "document.cookie", "caches.");
    private static final Pattern IMPORT = Pattern.compile("from '\\./([^']+)'");

    private static String read(String name) throws IOException {
        return Files.readString(DIR.resolve(name), StandardCharsets.UTF_8);
    }

    @Test
    void theServedListIsTheDirectory() throws IOException {
        Set<String> onDisk = new TreeSet<>();
        try (Stream<Path> files = Files.list(DIR)) {
            files.forEach(p -> onDisk.add(p.getFileName().toString()));
        }
        assertEquals(onDisk, new TreeSet<>(ConsoleAssets.FILES));
        assertEquals(ConsoleAssets.FILES.size(), Set.copyOf(ConsoleAssets.FILES).size());
    }

    @Test
    void everyImportNamesAServedModuleAndEveryModuleIsUsed() throws IOException {
        Set<String> imported = new TreeSet<>(List.of("main.js"));
        for (String name : ConsoleAssets.FILES) {
            if (name.endsWith(".js")) {
                Matcher m = IMPORT.matcher(read(name));
                while (m.find()) {
                    assertTrue(ConsoleAssets.FILES.contains(m.group(1)), name + " imports " + m.group(1));
                    imported.add(m.group(1));
                }
            }
        }
        Set<String> modules = new TreeSet<>();
        ConsoleAssets.FILES.stream().filter(n -> n.endsWith(".js")).forEach(modules::add);
        assertEquals(modules, imported);
    }

    @Test
    void noFileTurnsDataIntoMarkupOrCodeOrStoresAnything() throws IOException {
        List<String> found = new ArrayList<>();
        for (String name : ConsoleAssets.FILES) {
            String text = read(name);
            for (String bad : FORBIDDEN) {
                if (text.contains(bad)) {
                    found.add(name + ": " + bad);
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void thePageHasNoInlineScriptOrStyle() throws IOException {
        String page = read("index.html");
        Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(page);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertTrue(scripts.group(1).contains("src=\""), scripts.group());
            assertEquals("", scripts.group(2).trim(), scripts.group());
        }
        assertEquals(1, count);
        assertTrue(!page.contains("<style") && !Pattern.compile("<[^>]*\\s(style|on[a-z]+)=").matcher(page).find(), page);
    }

    @Test
    void loadingGivesEveryFileItsTypeAndTag() {
        ConsoleAssets assets = ConsoleAssets.load();
        for (String name : ConsoleAssets.FILES) {
            ConsoleAssets.Asset a = assets.find(name);
            assertNotNull(a, name);
            assertTrue(a.body(false).remaining() > 0, name);
            assertTrue(a.body(true).remaining() > 0, name);
            assertTrue(a.gzipEtag().endsWith("-gz\""), a.gzipEtag());
        }
        assertNull(assets.find("../version.properties"));
        assertNull(assets.find(""));
    }
}
