package dev.seqlog.api;

/**
 * One page of a router listing (API §7.3).
 *
 * @param prefix only names starting with this, or null
 * @param source only routers from this topic, or null
 * @param dest only routers into this topic, or null
 * @param pageSize entries per page; 0 for 100; clamped to [1, 1000]
 * @param cursor the previous page's {@code nextCursor}, or null
 */
public record RouterListRequest(String prefix, String source, String dest, int pageSize, String cursor) {
    /**
     * Normalises the page size.
     *
     * @param prefix prefix
     * @param source source filter
     * @param dest dest filter
     * @param pageSize page size
     * @param cursor cursor
     */
    public RouterListRequest {
        if (pageSize < 0) {
            throw SeqlogException.invalid("page_size", "page_size must be a non-negative integer");
        }
        pageSize = pageSize == 0 ? ListRequest.DEFAULT_PAGE_SIZE : Math.min(pageSize, ListRequest.MAX_PAGE_SIZE);
    }

    /** @return the first page of every router */
    public static RouterListRequest all() {
        return new RouterListRequest(null, null, null, 0, null);
    }
}
