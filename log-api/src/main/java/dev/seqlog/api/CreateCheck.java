package dev.seqlog.api;

/**
 * Decides whether a write may create its topic with the configuration it carries inline. The engine asks
 * while it holds the lock that serialises topic creation, so the decision and the creation are one step: a
 * topic deleted or created meanwhile cannot slip between them.
 */
@FunctionalInterface
public interface CreateCheck {
    /** Every write may create its topic. */
    CreateCheck ALLOW = (topic, config) -> {
    };

    /**
     * Called only when a write is about to create {@code topic} with an inline configuration.
     *
     * @param topic the topic name
     * @param config the inline configuration
     * @throws SeqlogException to refuse (forbidden, say); nothing is created
     */
    void check(String topic, TopicConfig config);
}
