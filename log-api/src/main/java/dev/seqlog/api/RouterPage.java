package dev.seqlog.api;

import java.util.List;

/**
 * One page of routers in ascending name order.
 *
 * @param routers the entries
 * @param nextCursor opaque cursor of the next page, or null on the last page
 */
public record RouterPage(List<RouterInfo> routers, String nextCursor) {
}
