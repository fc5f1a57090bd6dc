package dev.seqlog.api;

/**
 * One page of a topic listing (API §2.3).
 *
 * @param prefix only names starting with this, or null
 * @param pageSize entries per page; 0 for 100; clamped to [1, 1000]
 * @param cursor the previous page's {@code nextCursor}, or null
 * @param touch whether every listed topic counts as read for automatic priority
 */
public record ListRequest(String prefix, int pageSize, String cursor, boolean touch) {
    /** Default page size. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** Largest page size. */
    public static final int MAX_PAGE_SIZE = 1000;

    /**
     * Normalises the page size.
     *
     * @param prefix prefix
     * @param pageSize page size
     * @param cursor cursor
     * @param touch touch flag
     */
    public ListRequest {
        if (pageSize < 0) {
            throw SeqlogException.invalid("page_size", "page_size must be a non-negative integer");
        }
        pageSize = pageSize == 0 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
    }

    /** @return the first page of every topic */
    public static ListRequest all() {
        return new ListRequest(null, 0, null, false);
    }
}
