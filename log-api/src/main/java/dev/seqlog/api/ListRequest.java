package dev.seqlog.api;

/**
 * One page of a topic listing (API §2.3).
 *
 * @param prefix only names starting with this, or null
 * @param pageSize entries per page; 0 for 100; clamped to [1, 1000]
 * @param cursor the previous page's {@code nextCursor}, or null
 * @param touch whether every listed topic counts as read for automatic priority ({@link Touch#READ}) or not
 */
public record ListRequest(String prefix, int pageSize, String cursor, Touch touch) {
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
     * @param touch read or peek; null for {@link Touch#PEEK}
     */
    public ListRequest {
        touch = touch == null ? Touch.PEEK : touch;
        if (pageSize < 0) {
            throw SeqlogException.invalid("page_size", "page_size must be a non-negative integer");
        }
        pageSize = pageSize == 0 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
    }

    /** @return the first page of every topic, {@value #DEFAULT_PAGE_SIZE} names, not counted as reads */
    public static ListRequest all() {
        return new ListRequest(null, 0, null, Touch.PEEK);
    }

    /**
     * The first page of the topics whose names start with {@code prefix}.
     *
     * @param prefix the prefix
     * @return the request, with the default page size, not counted as reads
     */
    public static ListRequest prefixed(String prefix) {
        return new ListRequest(prefix, 0, null, Touch.PEEK);
    }

    /**
     * This request with another page size. Default: 0, meaning {@value #DEFAULT_PAGE_SIZE}.
     *
     * @param v entries per page, clamped to [1, {@value #MAX_PAGE_SIZE}]
     * @return a new request
     */
    public ListRequest withPageSize(int v) {
        return new ListRequest(prefix, v, cursor, touch);
    }

    /**
     * The page after the one that returned {@code nextCursor}.
     *
     * @param nextCursor the previous page's cursor
     * @return a new request
     */
    public ListRequest after(String nextCursor) {
        return new ListRequest(prefix, pageSize, nextCursor, touch);
    }

    /**
     * This request counting the listing as a read of every listed topic, or not. Default: {@link Touch#PEEK}.
     *
     * @param v read or peek
     * @return a new request
     */
    public ListRequest withTouch(Touch v) {
        return new ListRequest(prefix, pageSize, cursor, v);
    }
}
