package com.villamarket.payment3.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** When requests to the local back ends were in flight, as {@link System#nanoTime()} intervals, and to which. */
final class IoLog {

    /** The back ends, in the order the report names them. */
    static final List<String> BACK_ENDS = List.of("DynamoDB", "KBank", "Lambda");

    private final List<long[]> intervals = new ArrayList<>();
    private final List<String> backEnds = new ArrayList<>();

    synchronized void add(String backEnd, long start, long end) {
        intervals.add(new long[] {start, end});
        backEnds.add(backEnd);
    }

    synchronized void clear() {
        intervals.clear();
        backEnds.clear();
    }

    /** How many requests each back end ({@link #BACK_ENDS}) got that began within {@code [from, to]}. */
    synchronized int[] calls(long from, long to) {
        int[] calls = new int[BACK_ENDS.size()];
        for (int i = 0; i < intervals.size(); i++) {
            if (intervals.get(i)[0] >= from && intervals.get(i)[0] <= to) {
                calls[BACK_ENDS.indexOf(backEnds.get(i))]++;
            }
        }
        return calls;
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
