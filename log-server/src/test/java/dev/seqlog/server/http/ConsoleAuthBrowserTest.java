package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real browser against a server with keys: it asks for a key, keeps it in the page's memory
 * only, and shows what the key's scope and name prefixes allow, and the refusals gracefully.
 */
class ConsoleAuthBrowserTest extends BrowserTest {
    private static final String OPS = "Bearer ops";

    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_API_KEYS", "ops::,dash:read:tenant42:,writer:write");
    }

    private void useKey(String key) {
        WebElement input = browser.visible("#key-input");
        input.sendKeys(key);
        browser.visible("#key-form button").click();
    }

    @SuppressWarnings("unchecked")
    private List<String> listedTopics() {
        return (List<String>) browser.script(
                "return Array.from(document.querySelectorAll('tr[data-topic]')).map(r => r.dataset.topic);");
    }

    @Test
    void aReadOnlyPrefixKeySeesOnlyItsTopics() {
        for (String t : List.of("tenant42:orders", "tenant42:audit", "other:secrets")) {
            assertEquals(201, put("/v0/topics/" + t, "{}", "Authorization", OPS).status());
            assertEquals(200, post("/v0/topics/" + t, "{\"records\":[{\"data\":{\"from\":\"" + t + "\"}}]}",
                    "Authorization", OPS).status());
        }
        browser.open(base.resolve("/console/").toString());
        browser.until(d -> browser.visible("#auth-state").getText().equals("this server needs an API key"));
        assertTrue(browser.visible("#view .error").getText().contains("401 unauthorized"));
        browser.screenshot("key-prompt");

        useKey("not-a-key");
        browser.until(d -> browser.visible("#auth-state").getText().equals("that key was refused"));

        useKey("dash");
        browser.until(d -> listedTopics().equals(List.of("tenant42:audit", "tenant42:orders")));
        assertEquals("using a key (kept in this tab only)", browser.visible("#auth-state").getText());
        assertEquals("", browser.script("return document.getElementById('key-input').value;"), "the field is emptied");
        browser.screenshot("topics-prefix-key");

        // nothing of the key outlives the page: no storage, no cookie, and a reload asks again
        assertEquals(0L, browser.script("return localStorage.length + sessionStorage.length;"));
        assertEquals("", browser.script("return document.cookie;"));
        browser.driver().navigate().refresh();
        browser.until(d -> browser.visible("#auth-state").getText().equals("this server needs an API key"));
        useKey("dash");
        browser.until(d -> listedTopics().size() == 2);

        // a topic outside the prefixes is refused, and said so
        browser.script("location.hash = '#/topics/other:secrets';");
        browser.until(d -> browser.visible("#view .error").getText().contains("403 forbidden"));
        assertTrue(browser.all("article.rec").isEmpty());

        // one inside them streams live, the key travelling as ?token= on the event stream only
        browser.script("location.hash = '#/topics/tenant42:orders';");
        browser.visible("article.rec[data-seq='1']");
        browser.visible(".tail-state[data-state='live']");
        post("/v0/topics/tenant42:orders", "{\"records\":[{\"data\":{\"n\":2}}]}", "Authorization", OPS);
        browser.visible("article.rec[data-seq='2']");

        // the server view shows only the key's topics in its per-topic figures, and the probes
        browser.script("location.hash = '#/server';");
        browser.until(d -> browser.visible("#view").getText().contains("ready"));
    }

    @Test
    void aKeyWithoutReadScopeIsToldSoInEveryView() {
        browser.open(base.resolve("/console/").toString());
        useKey("writer");
        browser.until(d -> browser.visible("#view .error").getText().contains("403 forbidden"));
        for (String view : List.of("#/queues", "#/routers", "#/server")) {
            browser.script("location.hash = arguments[0];", view);
            browser.until(d -> browser.visible("#view .error").getText().contains("403 forbidden"));
        }
        assertEquals("using a key (kept in this tab only)", browser.visible("#auth-state").getText());
    }
}
