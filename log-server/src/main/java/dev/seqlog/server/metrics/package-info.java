/**
 * Metrics of API §11.3 and the server's additions (HTTP requests, JVM): a snapshot of series families rendered
 * as Prometheus text or JSON, and pushed to statsd (API §16.4).
 */
package dev.seqlog.server.metrics;
