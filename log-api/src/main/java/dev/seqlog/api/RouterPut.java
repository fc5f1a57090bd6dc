package dev.seqlog.api;

/**
 * The outcome of creating or configuring a router.
 *
 * @param router the router as it is now
 * @param created whether the call created it
 */
public record RouterPut(RouterInfo router, boolean created) {
}
