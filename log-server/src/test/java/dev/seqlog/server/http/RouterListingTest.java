package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Listing routers over HTTP (API §7.3): filters, name order, paging with an opaque cursor, bad parameters. */
class RouterListingTest extends RouterHttpTest {
    @Test
    void listingFiltersByPrefixSourceAndDestInNameOrder() {
        created("b->x", "b", "x");
        created("a->c", "a", "c");
        created("a->b", "a", "b");
        created("z", "y", "w");
        assertEquals(List.of("a->b", "a->c", "b->x", "z"), names("/v0/routers"));
        assertEquals(List.of("a->b", "a->c"), names("/v0/routers?prefix=a-"));
        assertEquals(List.of("a->b", "a->c"), names("/v0/routers?source=a"));
        assertEquals(List.of("b->x"), names("/v0/routers?dest=x"));
        assertEquals(List.of("a->c"), names("/v0/routers?source=a&dest=c"));
        assertEquals(List.of("a->c"), names("/v0/routers?prefix=a-%3Ec"));
        assertEquals(List.of(), names("/v0/routers?prefix=q"));
        Http.Resp r = get("/v0/routers?prefix=z");
        assertEquals(List.of("routers", "performance"), keys(r), "no next_cursor on the last page");
        assertEquals(List.of(Map.of("router", "z", "source", "y", "dest", "w", "guarantee", "at_least_once",
                "forwarded_total", 0L)), r.at("routers"));
        assertEquals(List.of("router", "source", "dest", "guarantee", "forwarded_total"),
                List.copyOf(((Map<?, ?>) r.at("routers.0")).keySet()));
        assertFalse(keys(get("/v0/routers?page_size=4")).contains("next_cursor"), "a full last page has no cursor");
        assertEquals(4, ((List<?>) get("/v0/routers?page_size=0").at("routers")).size(), "0 means the default");
    }

    @Test
    void pagesWalkEveryRouterOnceWithAnOpaqueCursor() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            all.add("r" + i);
            created("r" + i, "src", "d" + i);
        }
        List<String> walked = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Http.Resp r = get("/v0/routers?page_size=3" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            assertEquals(200, r.status(), r.toString());
            for (Object e : (List<?>) r.at("routers")) {
                walked.add((String) JsonValue.at(e, "router"));
            }
            cursor = (String) r.at("next_cursor");
            pages++;
        } while (cursor != null);
        assertEquals(all, walked);
        assertEquals(3, pages);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cursor=%21%21%21not-a-cursor", "page_size=abc", "page_size=-1", "page_size="})
    void badListParametersAre400(String query) {
        created("r", "a", "b");
        assertError(get("/v0/routers?" + query), 400, "invalid_request");
    }


}
