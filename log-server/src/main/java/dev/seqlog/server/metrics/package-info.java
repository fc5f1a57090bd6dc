/** Metrics of API §11.3: a snapshot of engine state rendered as Prometheus text or JSON. */
package dev.seqlog.server.metrics;
