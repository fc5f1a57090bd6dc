package dev.seqlog.bench.redis;

import dev.seqlog.api.Durability;
import dev.seqlog.bench.queue.QueueOutcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every side's outcomes at one point (class, batch, workers) over the rounds, and the table rows they make:
 * one per {@code leases_durable} setting, each side's median jobs/s, the same Redis figure in each.
 * Confined to the harness thread.
 */
final class QueueComparison {
    private final Durability durability;
    private final int batch;
    private final int workers;
    private final Map<QueueSide, List<QueueOutcome>> outcomes = new LinkedHashMap<>();

    QueueComparison(Durability durability, int batch, int workers) {
        this.durability = durability;
        this.batch = batch;
        this.workers = workers;
    }

    void add(QueueSide side, QueueOutcome outcome) {
        outcomes.computeIfAbsent(side, s -> new ArrayList<>()).add(outcome);
    }

    /** @return whether every outcome on every side verified */
    boolean verified() {
        return outcomes.values().stream().flatMap(List::stream).allMatch(QueueOutcome::verified);
    }

    /**
     * @param leases the {@code leases_durable} settings run
     * @return one row per setting
     */
    List<QueueRow> rows(List<Boolean> leases) {
        List<QueueRow> rows = new ArrayList<>();
        QueueSide redis = new QueueSide(QueueSide.Kind.REDIS, false);
        for (boolean l : leases) {
            QueueSide http = new QueueSide(QueueSide.Kind.HTTP, l);
            QueueSide inProcess = new QueueSide(QueueSide.Kind.IN_PROCESS, l);
            boolean ok = List.of(redis, http, inProcess).stream()
                    .flatMap(s -> outcomes.getOrDefault(s, List.of()).stream()).allMatch(QueueOutcome::verified);
            rows.add(new QueueRow(QueueSessions.pairing(durability), l, batch, workers, median(redis), median(http),
                    median(inProcess), ok));
        }
        return rows;
    }

    private double median(QueueSide side) {
        return Comparison.median(outcomes.getOrDefault(side, List.of()).stream()
                .mapToDouble(QueueOutcome::jobsPerSecond).toArray());
    }
}
