package dev.seqlog.bench.router;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The median over rounds, the one summary the tables print. Stateless. */
final class Median {
    private Median() {
    }

    /**
     * @param runs the rounds' runs
     * @param figure the figure of one run
     * @param <R> the run type
     * @return the median of the figure (the mean of the middle two for an even count), NaN for no runs
     */
    static <R> double of(List<R> runs, ToDoubleFunction<R> figure) {
        double[] v = runs.stream().mapToDouble(figure).toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }
}
