/**
 * One codec per on-disk record and file: the header descriptor every file shares ({@link
 * dev.seqlog.core.internal.format.FileHeader}), the WAL frame bodies, the persisted codes of enums, and the
 * snapshot body's sections. Each class draws its byte layout at the top and names every offset; nothing
 * else in the engine reads or writes these bytes by position.
 */
package dev.seqlog.core.internal.format;
