package dev.seqlog.client;

import dev.seqlog.api.RouterDeletion;
import dev.seqlog.api.RouterGuarantee;
import dev.seqlog.api.RouterInfo;
import dev.seqlog.api.RouterPut;
import dev.seqlog.api.TagMatch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Decodes the answers of the router routes (API §7). Stateless. */
final class RouterReplies {
    private RouterReplies() {
    }

    /** A router's definition and, from {@code GET}, its progress (API §7.1, §7.2). */
    static RouterInfo router(JsonIn in) throws IOException {
        return routerWithCreated(in, null);
    }

    /** {@code PUT /v0/routers/:router}. */
    static RouterPut routerPut(JsonIn in) throws IOException {
        boolean[] created = new boolean[1];
        RouterInfo r = routerWithCreated(in, created);
        return new RouterPut(r, created[0]);
    }

    private static RouterInfo routerWithCreated(JsonIn in, boolean[] created) throws IOException {
        String router = null;
        String source = null;
        String dest = null;
        boolean preserveNode = true;
        boolean preserveTag = true;
        TagMatch filter = null;
        boolean allowCycle = false;
        RouterGuarantee guarantee = RouterGuarantee.AT_LEAST_ONCE;
        long forwarded = 0;
        long cursor = 0;
        long createdTs = 0;
        String f;
        while ((f = in.field()) != null) {
            switch (f) {
                case "router" -> router = in.str();
                case "created" -> {
                    boolean c = in.bool();
                    if (created != null) {
                        created[0] = c;
                    }
                }
                case "source" -> source = in.str();
                case "dest" -> dest = in.str();
                case "preserve_node" -> preserveNode = in.bool();
                case "preserve_tag" -> preserveTag = in.bool();
                case "filter" -> filter = filter(in);
                case "allow_cycle" -> allowCycle = in.bool();
                case "guarantee" -> guarantee = RouterGuarantee.fromWire(in.str());
                case "forwarded_total" -> forwarded = in.num();
                case "cursor" -> cursor = in.num();
                case "created_ts" -> createdTs = in.num();
                default -> in.skip();
            }
        }
        return new RouterInfo(router, source, dest, preserveNode, preserveTag, filter, allowCycle, guarantee, forwarded,
                cursor, createdTs);
    }

    /** A filter in canonical array form, or null. */
    private static TagMatch filter(JsonIn in) throws IOException {
        if (in.isNull()) {
            return null;
        }
        List<String> parts = new ArrayList<>(3);
        while (in.element()) {
            parts.add(in.str());
        }
        if (parts.size() != 3) {
            throw new IOException("a filter has three parts");
        }
        return parts.get(1).equals("Glob") ? TagMatch.glob(parts.get(2)) : TagMatch.eq(parts.get(2));
    }

    /** {@code DELETE /v0/routers/:router} (API §7.4). */
    static RouterDeletion routerDeletion(JsonIn in) throws IOException {
        String router = null;
        boolean deleted = false;
        String f;
        while ((f = in.field()) != null) {
            switch (f) {
                case "router" -> router = in.str();
                case "deleted" -> deleted = in.bool();
                default -> in.skip();
            }
        }
        return new RouterDeletion(router, deleted);
    }
}
