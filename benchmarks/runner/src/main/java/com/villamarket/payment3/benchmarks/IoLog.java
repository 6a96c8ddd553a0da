package com.villamarket.payment3.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** When requests to the local back ends were in flight, as {@link System#nanoTime()} intervals. */
final class IoLog {

    private final List<long[]> intervals = new ArrayList<>();

    synchronized void add(long start, long end) {
        intervals.add(new long[] {start, end});
    }

    synchronized void clear() {
        intervals.clear();
    }

    /** How long, within {@code [from, to]}, at least one request was in flight (overlapping requests count once). */
    synchronized long busyNanos(long from, long to) {
        List<long[]> inside = new ArrayList<>();
        for (long[] i : intervals) {
            if (i[1] > from && i[0] < to) {
                inside.add(new long[] {Math.max(i[0], from), Math.min(i[1], to)});
            }
        }
        inside.sort(Comparator.comparingLong(i -> i[0]));
        long busy = 0;
        long start = Long.MIN_VALUE;
        long end = Long.MIN_VALUE;
        for (long[] i : inside) {
            if (i[0] > end) {
                busy += end - start;
                start = i[0];
                end = i[1];
            } else {
                end = Math.max(end, i[1]);
            }
        }
        return busy + (end - start);
    }
}
