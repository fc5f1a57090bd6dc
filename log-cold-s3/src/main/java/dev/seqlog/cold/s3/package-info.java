/**
 * A cold tier on S3-compatible object storage: {@link dev.seqlog.cold.s3.S3ObjectStore} implements log-core's
 * {@link dev.seqlog.core.spi.ObjectStore} with the AWS SDK for Java v2, configured by
 * {@link dev.seqlog.cold.s3.S3Settings} (in code or from {@code SEQLOG_S3_*} environment variables).
 */
package dev.seqlog.cold.s3;
