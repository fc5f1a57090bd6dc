package dev.seqlog.api;

import java.util.List;

/**
 * One page of topics in ascending name order.
 *
 * @param topics the entries
 * @param nextCursor opaque cursor of the next page, or null on the last page
 */
public record TopicPage(List<TopicState> topics, String nextCursor) {
}
