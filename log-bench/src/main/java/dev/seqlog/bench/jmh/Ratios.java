package dev.seqlog.bench.jmh;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a JMH JSON result file ({@code -rf json}) of this module's benchmarks and prints, as Markdown
 * tables, each seqlog score next to the Chronicle anchor from the same run and the ratio against its
 * target. Where Chronicle ran with several {@code queueDir} values the fastest is the anchor. Single
 * threaded; a command-line tool.
 */
public final class Ratios {
    private static final String SEQLOG_APPEND = "dev.seqlog.bench.jmh.SeqlogAppendBench.";
    private static final String SEQLOG_DIFF = "dev.seqlog.bench.jmh.SeqlogDiffBench.";
    private static final String CHRONICLE = "dev.seqlog.bench.jmh.ChronicleQueueBench.";

    /** Ratios per row across the files, in file order; filled by {@link #row}. */
    private static final Map<String, List<Double>> RUNS = new java.util.LinkedHashMap<>();

    private Ratios() {
    }

    /** One benchmark score with its parameters; immutable. */
    private record Score(String benchmark, Map<String, String> params, double score, double error) {
    }

    /**
     * Prints the tables.
     *
     * @param args one or more JMH JSON result files
     * @throws IOException if a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: Ratios jmh-result.json [more.json ...]");
            System.exit(2);
        }
        for (String file : args) {
            List<Score> scores = read(Paths.get(file));
            System.out.println("### " + Paths.get(file).getFileName());
            System.out.println();
            System.out.println("| benchmark | payload | seqlog rec/s | Chronicle rec/s (anchor) | ratio | target |");
            System.out.println("|---|---|---:|---:|---:|---|");
            for (String payload : new String[] {"100", "1024"}) {
                for (String batch : new String[] {"1", "100", "1000"}) {
                    Score c = best(scores, CHRONICLE + "appendBatch" + batch, payload);
                    String target = payload.equals("100") && !batch.equals("1") ? ">= 2x" : "(info)";
                    for (Score s : all(scores, SEQLOG_APPEND + "appendBatch" + batch, payload)) {
                        String retention = s.params.getOrDefault("retention", "cap");
                        row("append batch " + batch + (retention.equals("cap") ? "" : " (" + retention + " topic)"),
                                payload, s, c, target, 2.0);
                    }
                }
            }
            for (String payload : new String[] {"100", "1024"}) {
                Score c = best(scores, CHRONICLE + "tailerRead", payload);
                row("diff limit 1000, sink", payload, find(scores, SEQLOG_DIFF + "diffSink", payload), c, ">= 1x",
                        1.0);
                row("diff limit 1000, materialised", payload, find(scores, SEQLOG_DIFF + "diffMaterialised", payload),
                        c, ">= 1x", 1.0);
            }
            System.out.println();
        }
        if (args.length > 1) {
            System.out.println("### median ratio over " + args.length + " runs");
            System.out.println();
            System.out.println("| benchmark | payload | ratio per run | median | target |");
            System.out.println("|---|---|---|---:|---|");
            for (Map.Entry<String, List<Double>> e : RUNS.entrySet()) {
                List<Double> sorted = new ArrayList<>(e.getValue());
                sorted.sort(null);
                int n = sorted.size();
                double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
                StringBuilder per = new StringBuilder();
                for (double r : e.getValue()) {
                    per.append(per.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2fx", r));
                }
                String[] key = e.getKey().split("\\|");
                double goal = key[2].startsWith(">= 2x") ? 2.0 : 1.0;
                String verdict = key[2].equals("(info)") ? "(info)" : key[2] + (median >= goal ? " met" : " MISSED");
                System.out.printf(Locale.ROOT, "| %s | %s B | %s | %.2fx | %s |%n", key[0], key[1], per, median,
                        verdict);
            }
        }
    }

    private static void row(String name, String payload, Score s, Score c, String target, double goal) {
        if (s == null && c == null) {
            return;
        }
        if (s == null || c == null) {
            System.out.printf(Locale.ROOT, "| %s | %s B | %s | %s | n/a | %s |%n", name, payload, fmt(s), fmt(c),
                    target);
            return;
        }
        double ratio = s.score / c.score;
        RUNS.computeIfAbsent(name + "|" + payload + "|" + target, k -> new ArrayList<>()).add(ratio);
        String verdict = target.equals("(info)") ? "(info)" : target + (ratio >= goal ? " met" : " MISSED");
        System.out.printf(Locale.ROOT, "| %s | %s B | %s | %s%s | %.2fx | %s |%n", name, payload, fmt(s), fmt(c),
                c.params.containsKey("queueDir") ? " [" + c.params.get("queueDir") + "]" : "", ratio, verdict);
    }

    private static String fmt(Score s) {
        return s == null ? "missing" : String.format(Locale.ROOT, "%,.0f ± %,.0f", s.score, s.error);
    }

    private static Score find(List<Score> scores, String benchmark, String payload) {
        return scores.stream().filter(s -> s.benchmark.equals(benchmark)
                && payload.equals(s.params.get("payloadBytes"))).findFirst().orElse(null);
    }

    private static List<Score> all(List<Score> scores, String benchmark, String payload) {
        return scores.stream().filter(s -> s.benchmark.equals(benchmark)
                && payload.equals(s.params.get("payloadBytes"))).toList();
    }

    private static Score best(List<Score> scores, String benchmark, String payload) {
        Score best = null;
        for (Score s : scores) {
            if (s.benchmark.equals(benchmark) && payload.equals(s.params.get("payloadBytes"))
                    && (best == null || s.score > best.score)) {
                best = s;
            }
        }
        return best;
    }

    private static List<Score> read(Path file) throws IOException {
        List<Score> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(Files.readAllBytes(file))) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException(file + " is not a JMH JSON result array");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String benchmark = null;
                Map<String, String> params = new HashMap<>();
                double score = Double.NaN;
                double error = Double.NaN;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if (name.equals("benchmark")) {
                        benchmark = p.getText();
                    } else if (name.equals("params") && v == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String k = p.currentName();
                            p.nextToken();
                            params.put(k, p.getText());
                        }
                    } else if (name.equals("primaryMetric") && v == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String k = p.currentName();
                            JsonToken mv = p.nextToken();
                            if (k.equals("score")) {
                                score = p.getDoubleValue();
                            } else if (k.equals("scoreError") && mv == JsonToken.VALUE_NUMBER_FLOAT) {
                                error = p.getDoubleValue();
                            } else if (mv == JsonToken.START_OBJECT || mv == JsonToken.START_ARRAY) {
                                p.skipChildren();
                            }
                        }
                    } else if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                        p.skipChildren();
                    }
                }
                out.add(new Score(benchmark, params, score, error));
            }
        }
        return out;
    }
}
