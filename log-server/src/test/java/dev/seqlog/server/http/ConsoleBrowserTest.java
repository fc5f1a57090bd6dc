package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real browser (headless Chromium) against a server without keys: the topic list, the live tail
 * and its gap markers, paging back through older records, payloads that look like markup, and every other view.
 * One browser for the class; a fresh server per test.
 */
class ConsoleBrowserTest extends BrowserTest {

    private String url(String hash) {
        return base.resolve("/console/" + hash).toString();
    }

    private WebElement topicRow(String topic) {
        return browser.visible("tr[data-topic='" + topic + "']");
    }

    private static String cell(WebElement row, int column) {
        return row.findElements(By.tagName("td")).get(column).getText();
    }

    @Test
    void theTopicListShowsATopicCreatedOverHttp() {
        browser.open(base.resolve("/").toString()); // the redirect to /console/
        browser.visible("#view table");
        assertTrue(browser.driver().getCurrentUrl().endsWith("/console/"), browser.driver().getCurrentUrl());
        assertTrue(browser.visible("#view").getText().contains("No topics yet"), browser.visible("#view").getText());

        assertEquals(201, put("/v0/topics/orders", "{\"durability\":\"fsync\",\"priority\":7}").status());
        append("orders", "{\"sku\":\"A-1\",\"qty\":2}", "{\"sku\":\"B-2\",\"qty\":1}", "{\"sku\":\"C-3\",\"qty\":5}");
        put("/v0/topics/audit", "{}");
        WebElement row = topicRow("orders"); // auto-refresh brings it in without a reload
        browser.until(d -> cell(topicRow("orders"), 2).equals("3"));
        row = topicRow("orders");
        assertEquals("orders", cell(row, 0));
        assertEquals("log", cell(row, 1));
        assertEquals("3", cell(row, 4), "head");
        assertEquals("1", cell(row, 5), "earliest");
        assertEquals("fsync", cell(row, 6));
        assertEquals("7", cell(row, 7), "effective priority");
        browser.screenshot("topics");

        WebElement filter = browser.visible("#view input[type=search]");
        filter.sendKeys("ord");
        browser.until(d -> browser.all("tr[data-topic]").size() == 1);
        assertEquals("orders", browser.all("tr[data-topic]").get(0).getAttribute("data-topic"));
    }

    /** An order as the examples and the screenshot show it. */
    private static String order(int n) {
        return "{\"data\":{\"order\":" + (1000 + n) + ",\"sku\":\"" + (char) ('A' + n % 5) + "-" + n + "\",\"qty\":"
                + (1 + n % 3) + ",\"customer\":{\"id\":\"c-" + (40 + n) + "\",\"country\":\"" + (n % 2 == 0 ? "DE" : "FR")
                + "\"}},\"tag\":\"order-" + n + "\",\"node\":\"shop-1\"}";
    }

    private void writeOrders(String topic, int from, int to) {
        StringBuilder b = new StringBuilder("{\"records\":[");
        for (int n = from; n <= to; n++) {
            b.append(n == from ? "" : ",").append(order(n));
        }
        Http.Resp r = post("/v0/topics/" + topic, b.append("]}").toString());
        assertTrue(r.status() == 200 || r.status() == 201, r.toString());
    }

    @Test
    void theLiveTailShowsARecordWithinASecondOfItsWrite() {
        put("/v0/topics/orders", "{\"cap_records\":100000}");
        writeOrders("orders", 1, 8);
        browser.open(url("#/topics/orders"));
        browser.visible("article.rec[data-seq='8']");
        browser.visible(".tail-state[data-state='live']");

        long written = System.currentTimeMillis();
        writeOrders("orders", 9, 9);
        WebElement rec = browser.visible("article.rec[data-seq='9']");
        long arrived = Long.parseLong(rec.getAttribute("data-arrived"));
        assertTrue(arrived - written < 1000, "shown " + (arrived - written) + " ms after the write");
        assertTrue(rec.getText().contains("\"sku\": \"E-9\""), rec.getText());
        assertTrue(rec.getText().contains("order-9"), rec.getText());
        assertEquals(9, browser.all("article.rec").size());
        writeOrders("orders", 10, 10);
        browser.visible("article.rec[data-seq='10']");
        browser.until(d -> browser.visible("dd[data-key='head_seq']").getText().equals("10")); // state follows the tail
        browser.screenshot("topic-live-tail");
    }

    @Test
    void aTombstoneAppearsAsAGapMarker() {
        put("/v0/topics/capped", "{\"cap_records\":3}");
        browser.open(url("#/topics/capped"));
        browser.visible(".tail-state[data-state='live']");

        // one batch of ten into a topic that keeps three: seqs 1-7 are gone before the stream can read them
        append("capped", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        WebElement gap = browser.visible(".gap[data-gap-from='1']");
        assertEquals("7", gap.getAttribute("data-gap-to"));
        assertTrue(List.of("cap", "from_seq_too_old").contains(gap.getAttribute("data-reason")), gap.getAttribute("data-reason"));
        assertTrue(gap.getText().contains("seqs 1–7"), gap.getText());
        browser.visible("article.rec[data-seq='10']");
        assertEquals(List.of("gap", "8", "9", "10"), rows());

        // paused, the page misses 11-15; the topic keeps 13-15, so resuming reports 11-12 as a gap
        browser.visible("#view .toolbar button").click();
        browser.visible(".tail-state[data-state='paused']");
        append("capped", "11", "12", "13", "14", "15");
        browser.visible("#view .toolbar button").click();
        WebElement second = browser.visible(".gap[data-gap-from='11']");
        assertEquals("12", second.getAttribute("data-gap-to"));
        browser.visible("article.rec[data-seq='15']");
        assertEquals(List.of("gap", "8", "9", "10", "gap", "13", "14", "15"), rows());
        browser.screenshot("topic-gap-markers");
    }

    /** The records list from top to bottom: each record's seq, or "gap". */
    @SuppressWarnings("unchecked")
    private List<String> rows() {
        return (List<String>) browser.script("return Array.from(document.querySelectorAll("
                + "'.records > article.rec, .records > .gap')).map(e => e.tagName === 'ARTICLE' ? e.dataset.seq : 'gap');");
    }

    @Test
    void olderRecordsArePagedWithDiff() {
        put("/v0/topics/history", "{}");
        String[] batch = new String[60];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = "{\"n\":" + (i + 1) + "}";
        }
        append("history", batch);
        browser.open(url("#/topics/history"));
        browser.visible("article.rec[data-seq='60']");
        assertEquals("36", rows().get(0), "the latest 25 first");
        assertEquals(25, rows().size());
        browser.visible(".records .edge button").click();
        browser.until(d -> rows().size() == 50);
        assertEquals("11", rows().get(0));
        browser.visible(".records .edge button").click();
        browser.until(d -> rows().size() == 60);
        assertTrue(browser.visible(".records .edge").getText().startsWith("Nothing older"));
        assertEquals(java.util.stream.IntStream.rangeClosed(1, 60).mapToObj(Integer::toString).toList(), rows());
    }

    @Test
    void aPayloadWithMarkupIsShownAsTextAndNeverRuns() {
        String evil = "<script>window.__pwned=1</script><img src=x onerror=\\\"window.__pwned=2\\\"><b>bold</b>";
        assertEquals(201, post("/v0/topics/evil", "{\"records\":[{\"data\":{\"html\":\"" + evil + "\"},\"tag\":\"<i>t</i>\","
                + "\"meta\":{\"<svg onload=alert(1)>\":\"</pre><script>window.__pwned=3</script>\"}}]}").status());
        browser.open(url("#/topics/evil"));
        WebElement rec = browser.visible("article.rec[data-seq='1']");
        browser.visible(".tail-state[data-state='live']");
        post("/v0/topics/evil", "{\"records\":[{\"data\":\"" + evil + "\"}]}");
        WebElement live = browser.visible("article.rec[data-seq='2']");

        assertTrue(rec.getText().contains("<script>window.__pwned=1</script><img src=x onerror=\\\"window.__pwned=2\\\">"),
                rec.getText());
        assertTrue(rec.getText().contains("<i>t</i>"), rec.getText());
        assertTrue(live.getText().contains("<b>bold</b>"), live.getText());
        rec.findElement(By.tagName("summary")).click();
        assertTrue(rec.getText().contains("</pre><script>window.__pwned=3</script>"), rec.getText());
        assertEquals(List.of(), browser.all(".records script, .records img, .records b, .records i, .records svg"));
        assertNull(browser.script("return window.__pwned === undefined ? null : window.__pwned;"));
    }

    @Test
    void theQueueRouterAndServerViewsShowTheirFigures() {
        put("/v0/topics/jobs", "{\"type\":\"queue\",\"max_deliveries\":5,\"dead_letter\":\"jobs.dlq\"}");
        append("jobs", "{\"resize\":\"a.png\"}", "{\"resize\":\"b.png\"}", "{\"resize\":\"c.png\"}");
        assertEquals(200, post("/v0/topics/jobs/claim", "{\"node\":\"w1\",\"max\":1}").status());
        put("/v0/topics/orders", "{}");
        assertEquals(201, put("/v0/routers/orders-%3Eaudit", "{\"source\":\"orders\",\"dest\":\"audit\"}").status());
        writeOrders("orders", 1, 4);

        browser.open(url("#/queues"));
        WebElement queue = browser.visible("tr[data-queue='jobs']");
        assertEquals(List.of("jobs", "2", "1", "0", "3", "30,000", "5", "jobs.dlq"),
                queue.findElements(By.tagName("td")).stream().map(WebElement::getText).toList());
        browser.screenshot("queues");

        browser.open(url("#/routers"));
        browser.until(d -> cell(browser.visible("tr[data-router='orders->audit']"), 4).equals("4"));
        WebElement router = browser.visible("tr[data-router='orders->audit']");
        assertEquals("orders → audit", cell(router, 1));
        assertEquals("4", cell(router, 5), "source head");
        assertEquals("0", cell(router, 6), "lag");
        browser.screenshot("routers");

        browser.open(url("#/server"));
        browser.visible("#view .stats");
        assertTrue(browser.visible("#view").getText().contains("ready"), browser.visible("#view").getText());
        writeOrders("orders", 5, 24);
        // a rate needs two samples of the counters, two seconds apart
        browser.until(d -> !browser.all("#view .chart .value").get(0).getText().equals("–"));
        browser.screenshot("server");
    }
}
