package dev.seqlog.api;

/**
 * The outcome of deleting a router.
 *
 * @param router the name
 * @param deleted false if it did not exist
 */
public record RouterDeletion(String router, boolean deleted) {
}
