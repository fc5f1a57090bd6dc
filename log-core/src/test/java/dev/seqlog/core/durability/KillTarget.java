package dev.seqlog.core.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process for {@link SigkillTest}: writers append fsync-class batches forever and print one line
 * per acknowledged batch, {@code ACK <topic> <first> <last> <tag>}, until the process is killed. Each
 * writer owns its thread and topic.
 */
public final class KillTarget {
    private KillTarget() {
    }

    /**
     * @param args data directory, writer count, round number
     */
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int writers = Integer.parseInt(args[1]);
        String round = args[2];
        PrintStream out = System.out;
        SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().dataDir(dir).walShards(2)
                .walFileBytes(1 << 20).segmentMaxRecords(500).backgroundCheckpoints(false).build());
        for (int w = 0; w < writers; w++) {
            log.configure("k" + w, TopicConfig.builder().durability(Durability.FSYNC).build());
        }
        out.println("READY");
        out.flush();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String topic = "k" + w;
            Thread t = new Thread(() -> {
                for (long b = 0; ; b++) {
                    int size = 1 + (int) (b % 7);
                    String tag = round + "-" + b;
                    List<RecordInput> recs = new ArrayList<>();
                    for (int i = 0; i < size; i++) {
                        recs.add(RecordInput.json(payload(tag, i)).withTag(tag));
                    }
                    AppendResult r = log.append(topic, AppendRequest.of(recs));
                    synchronized (out) {
                        out.println("ACK " + topic + " " + r.firstSeq() + " " + r.lastSeq() + " " + tag);
                        out.flush();
                    }
                }
            }, "writer-" + w);
            threads.add(t);
            t.start();
        }
        // checkpoints back to back, so kills land in every step of one as well as in plain writes
        Thread checkpoints = new Thread(() -> {
            while (true) {
                long n = log.checkpoint().number;
                synchronized (out) {
                    out.println("CHECKPOINT " + n);
                    out.flush();
                }
            }
        }, "checkpoints");
        checkpoints.setDaemon(true);
        checkpoints.start();
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The data of record {@code i} of the batch tagged {@code tag}. */
    static String payload(String tag, int i) {
        return "{\"tag\":\"" + tag + "\",\"i\":" + i + ",\"pad\":\"" + "x".repeat(40 + i) + "\"}";
    }
}
