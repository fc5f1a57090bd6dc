/**
 * The object-store cold tier: uploading sealed segments under immutable keys, the bounded local cache
 * reads of them go through, and the collection of objects no retained snapshot references.
 */
package dev.seqlog.core.internal.tier;
