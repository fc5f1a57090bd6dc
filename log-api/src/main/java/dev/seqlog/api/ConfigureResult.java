package dev.seqlog.api;

/**
 * The outcome of a create-or-configure call.
 *
 * @param topic the name
 * @param created whether the call created the topic
 * @param config the resolved configuration now in force
 */
public record ConfigureResult(String topic, boolean created, TopicConfig config) {
}
