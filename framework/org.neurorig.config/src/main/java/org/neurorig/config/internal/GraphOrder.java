package org.neurorig.config.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Topological order of pipeline nodes (Kahn's algorithm) and, when there is none, the cycles that
 * prevent it. Nodes are indices in file order.
 *
 * @param order  nodes that can run, each after all its producers: sources first, ties in file order
 * @param cycles each cycle as a path in data-flow direction that returns to its first node,
 *               e.g. {@code [a, b, a]}; starting at its earliest node in file order
 */
record GraphOrder(List<Integer> order, List<List<Integer>> cycles) {

    /**
     * @param producers for each node, the nodes whose outputs it takes (repeats allowed)
     * @param source    for each node, whether it is a source (placed before everything else)
     */
    static GraphOrder of(List<List<Integer>> producers, boolean[] source) {
        int n = producers.size();
        List<List<Integer>> consumers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            consumers.add(new ArrayList<>());
        }
        int[] waiting = new int[n];
        for (int c = 0; c < n; c++) {
            for (int p : producers.get(c)) {
                consumers.get(p).add(c);
                waiting[c]++;
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>(
                Comparator.comparingInt((Integer i) -> source[i] ? 0 : 1).thenComparingInt(i -> i));
        for (int i = 0; i < n; i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        boolean[] placed = new boolean[n];
        List<Integer> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            int u = ready.poll();
            placed[u] = true;
            order.add(u);
            for (int c : consumers.get(u)) {
                if (--waiting[c] == 0) {
                    ready.add(c);
                }
            }
        }
        List<List<Integer>> cycles = new ArrayList<>();
        boolean[] reported = new boolean[n];
        for (int r = 0; r < n; r++) {
            if (placed[r] || reported[r]) {
                continue;
            }
            // Unplaced nodes are on a cycle or downstream of one; only the former close a loop.
            List<Integer> cycle = shortestCycle(r, consumers, placed);
            if (cycle != null) {
                cycles.add(cycle);
                cycle.forEach(i -> reported[i] = true);
            }
        }
        return new GraphOrder(List.copyOf(order), List.copyOf(cycles));
    }

    private static List<Integer> shortestCycle(int start, List<List<Integer>> consumers, boolean[] placed) {
        int[] parent = new int[placed.length];
        Arrays.fill(parent, -1);
        Deque<Integer> queue = new ArrayDeque<>();
        queue.add(start);
        parent[start] = start;
        while (!queue.isEmpty()) {
            int u = queue.poll();
            for (int v : consumers.get(u)) {
                if (placed[v]) {
                    continue;
                }
                if (v == start) {
                    List<Integer> path = new ArrayList<>();
                    path.add(start);
                    for (int w = u; w != start; w = parent[w]) {
                        path.add(1, w);
                    }
                    path.add(start);
                    return List.copyOf(path);
                }
                if (parent[v] < 0) {
                    parent[v] = u;
                    queue.add(v);
                }
            }
        }
        return null;
    }
}
