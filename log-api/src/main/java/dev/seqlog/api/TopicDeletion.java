package dev.seqlog.api;

import java.util.List;

/**
 * The outcome of deleting a topic.
 *
 * @param topic the name
 * @param deleted false if the topic did not exist
 * @param routersRemoved names of routers removed with it, in ascending order
 */
public record TopicDeletion(String topic, boolean deleted, List<String> routersRemoved) {
}
