package org.neurorig.bus.clock;

import static org.neurorig.bus.internal.LittleEndianAccess.i64;
import static org.neurorig.bus.internal.LittleEndianAccess.putI64;
import static org.neurorig.bus.internal.LittleEndianAccess.putU16;
import static org.neurorig.bus.internal.LittleEndianAccess.u16;

/**
 * Estimates this host's offset to a reference clock (the coordinator's) from NTP-style exchanges:
 * this side stamps a request with its send time t1, the reference stamps its receive and send times
 * t2 and t3 ({@link #answer}), and this side stamps the reply's arrival t4. Each exchange gives an
 * offset θ = ((t2 − t1) + (t3 − t4)) / 2 and a round trip δ = (t4 − t1) − (t3 − t2).
 *
 * <p>Queueing delays only lengthen δ and shift θ by at most δ/2, so the exchanges with the least δ
 * among the last {@code window} give the estimate (the minimum-delay filter of NTP's clock filter):
 * a least-squares line through their θ over local time gives the offset and the drift, and the drift
 * extrapolates the offset between exchanges ({@link ClockEstimate#toReference}).
 *
 * <p>Send requests in bursts of {@link #BURST}, each next one as soon as the previous reply arrived.
 * The first of a burst wakes the threads that slept along the path (both sides' ZeroMQ I/O threads
 * and the reference's receiver) and goes out several times slower than it comes back (280 µs out
 * against 70 µs back on loopback under load): an asymmetry no exchange can see, which shifts θ by
 * half of it. The later ones find the path awake and symmetric (about 30 µs each way), their δ is
 * the least, and the filter takes them.
 *
 * <p>Replies are matched to requests by sequence number and echoed t1; a reply to a request that was
 * never sent, was answered already or is older than the window is ignored and counted. The message
 * layout is docs/WIRE.md §11.
 *
 * <p>{@link #request} and {@link #onReply} belong to one thread (the control channel's loop);
 * {@link #estimate} may be read from any thread.
 */
public final class ClockSync {
    /** Exchanges kept: at one exchange a second, about a minute, over which clocks drift steadily. */
    public static final int DEFAULT_WINDOW = 64;

    /**
     * Most exchanges the line is fitted through. A long window on a busy host holds many exchanges
     * that met a thread waiting for a core on one side; its quarter would take them in, its least-δ
     * few do not (MultiHostIT, a window of 256 at sixty exchanges a second: 15–55 µs off with 64, 2–11 µs
     * with 16).
     */
    static final int MAX_FITTED = 16;

    /** Requests per burst: one to wake the path, two that cross it awake. */
    public static final int BURST = 3;

    /** Bytes of a request and of a reply (docs/WIRE.md §11). */
    public static final int REQUEST_BYTES = 24;

    public static final int REPLY_BYTES = 40;

    // ASCII "NRC1": differs from a stream header's "NRG1", so a stream message sent here is refused.
    private static final byte[] MAGIC = {'N', 'R', 'C', '1'};
    private static final int VERSION = 1;
    private static final int TYPE_REQUEST = 1;
    private static final int TYPE_REPLY = 2;

    // Crystal oscillators stay within ±100 ppm; NTP takes 500 ppm as the most a clock can be off.
    // A steeper fitted line comes from a few exchanges close together and would extrapolate noise.
    private static final double MAX_DRIFT = 500e-6;

    // How many standard errors a fitted drift must stand out by to be kept.
    private static final double DRIFT_SIGNIFICANCE = 3;

    private final int window;

    // Requests sent and not yet answered, slot = seq % window.
    private final long[] pendingSeq;
    private final long[] pendingT1;
    private final boolean[] pendingOpen;
    private long nextSeq;

    // Accepted exchanges, a ring of the last `window`.
    private final long[] sampleAt;
    private final long[] sampleTheta;
    private final long[] sampleDelay;
    private final int[] byDelay;
    private int sampleCount;
    private int sampleNext;

    private long accepted;
    private long ignored;
    private volatile ClockEstimate estimate = ClockEstimate.NONE;

    /** A sync over the last {@link #DEFAULT_WINDOW} exchanges. */
    public ClockSync() {
        this(DEFAULT_WINDOW);
    }

    /** A sync over the last {@code window} exchanges (1 to 4096). */
    public ClockSync(int window) {
        if (window < 1 || window > 4096) {
            throw new IllegalArgumentException("clock sync window " + window + ": expected 1 to 4096 exchanges");
        }
        this.window = window;
        pendingSeq = new long[window];
        pendingT1 = new long[window];
        pendingOpen = new boolean[window];
        sampleAt = new long[window];
        sampleTheta = new long[window];
        sampleDelay = new long[window];
        byDelay = new int[window];
    }

    /** A new request stamped with its local send time {@code t1}; send it at once. */
    public byte[] request(long t1) {
        long seq = nextSeq++;
        int slot = slot(seq);
        pendingSeq[slot] = seq;
        pendingT1[slot] = t1;
        pendingOpen[slot] = true;
        byte[] m = new byte[REQUEST_BYTES];
        writeHead(m, TYPE_REQUEST, seq);
        putI64(m, 16, t1);
        return m;
    }

    /**
     * The reference side's reply to {@code request}, received at {@code t2} and sent at {@code t3} on
     * the reference clock.
     *
     * @throws IllegalArgumentException if {@code request} is not a clock request, or t3 precedes t2
     */
    public static byte[] answer(byte[] request, long t2, long t3) {
        check(request, TYPE_REQUEST, REQUEST_BYTES, "request");
        if (t3 < t2) {
            throw new IllegalArgumentException("clock exchange answer: sent at " + t3 + " ns before received at " + t2
                    + " ns (t3 < t2): the reference clock must not run backwards");
        }
        byte[] m = new byte[REPLY_BYTES];
        System.arraycopy(request, 0, m, 0, REQUEST_BYTES);
        putU16(m, 6, TYPE_REPLY);
        putI64(m, 24, t2);
        putI64(m, 32, t3);
        return m;
    }

    /**
     * Takes a reply that arrived at local time {@code t4} into the estimate.
     *
     * @return whether it was used: false for a reply to no request of this sync's window (unknown,
     *     answered already, or older than the window), which is counted in {@link #ignoredReplies}
     * @throws IllegalArgumentException if {@code reply} is not a well-formed clock reply, or its times
     *     are impossible (t3 before t2, t4 before t1)
     */
    public boolean onReply(byte[] reply, long t4) {
        check(reply, TYPE_REPLY, REPLY_BYTES, "reply");
        long seq = i64(reply, 8);
        long t1 = i64(reply, 16);
        long t2 = i64(reply, 24);
        long t3 = i64(reply, 32);
        if (t3 < t2) {
            throw new IllegalArgumentException("clock exchange reply " + seq + ": reference sent at " + t3
                    + " ns before it received at " + t2 + " ns (t3 < t2)");
        }
        // seq is unsigned on the wire; Long.compareUnsigned keeps a huge seq from passing as negative.
        boolean known = Long.compareUnsigned(seq, nextSeq) < 0 && nextSeq - seq <= window;
        int slot = known ? slot(seq) : 0;
        if (!known || !pendingOpen[slot] || pendingSeq[slot] != seq || pendingT1[slot] != t1) {
            ignored++;
            return false;
        }
        if (t4 < t1) {
            throw new IllegalArgumentException("clock exchange reply " + seq + ": received at " + t4
                    + " ns before its request was sent at " + t1 + " ns (t4 < t1)");
        }
        pendingOpen[slot] = false;
        accepted++;
        // The reference's clock rate differs from ours by ppm, so δ can dip a few ns below 0.
        long delay = Math.max(0, (t4 - t1) - (t3 - t2));
        long theta = ((t2 - t1) + (t3 - t4)) / 2;
        sampleAt[sampleNext] = t1 + (t4 - t1) / 2;
        sampleTheta[sampleNext] = theta;
        sampleDelay[sampleNext] = delay;
        sampleNext = (sampleNext + 1) % window;
        sampleCount = Math.min(sampleCount + 1, window);
        estimate = fit(sampleAt[(sampleNext + window - 1) % window]);
        return true;
    }

    /** The current estimate; {@link ClockEstimate#NONE} before the first reply. */
    public ClockEstimate estimate() {
        return estimate;
    }

    /** Replies used so far. */
    public long acceptedReplies() {
        return accepted;
    }

    /** Replies ignored so far: unknown, duplicate or older than the window. */
    public long ignoredReplies() {
        return ignored;
    }

    /**
     * The estimate from the window: the quarter of its exchanges with the least δ (at least 4 or all
     * there are, at most {@link #MAX_FITTED}): a least-squares line through their θ (flat unless its slope stands out of the noise),
     * or with fewer than 3, the θ of the least δ.
     */
    private ClockEstimate fit(long latestAt) {
        int n = sampleCount;
        for (int i = 0; i < n; i++) {
            int j = i;
            while (j > 0 && sampleDelay[byDelay[j - 1]] > sampleDelay[i]) {
                byDelay[j] = byDelay[j - 1];
                j--;
            }
            byDelay[j] = i;
        }
        int k = Math.max(Math.min(n / 4, MAX_FITTED), Math.min(n, 4));
        int best = byDelay[0];
        // Times and offsets relative to the best exchange, so doubles keep nanoseconds exactly.
        long at0 = sampleAt[best];
        long theta0 = sampleTheta[best];
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < k; i++) {
            meanX += sampleAt[byDelay[i]] - at0;
            meanY += sampleTheta[byDelay[i]] - theta0;
        }
        meanX /= k;
        meanY /= k;
        double slope = 0;
        double level = 0; // the line's value at meanX
        if (k >= 3) {
            level = meanY;
            double sxy = 0;
            double sxx = 0;
            for (int i = 0; i < k; i++) {
                double dx = sampleAt[byDelay[i]] - at0 - meanX;
                sxy += dx * (sampleTheta[byDelay[i]] - theta0 - meanY);
                sxx += dx * dx;
            }
            if (k >= 4 && sxx > 0) {
                double fitted = sxy / sxx;
                double squares = 0;
                for (int i = 0; i < k; i++) {
                    double r = sampleTheta[byDelay[i]] - theta0 - meanY - fitted * (sampleAt[byDelay[i]] - at0 - meanX);
                    squares += r * r;
                }
                // A window a fraction of a second long (exchanges at 100 Hz) shows no drift, only noise
                // that would tilt the line and carry it off between exchanges: keep a slope only when it
                // stands out of its own standard error.
                double standardError = Math.sqrt(squares / (k - 2) / sxx);
                if (Math.abs(fitted) >= DRIFT_SIGNIFICANCE * standardError) {
                    slope = Math.max(-MAX_DRIFT, Math.min(MAX_DRIFT, fitted));
                }
            }
        } else {
            meanX = 0;
        }
        double spread = 0;
        for (int i = 0; i < k; i++) {
            double line = level + slope * (sampleAt[byDelay[i]] - at0 - meanX);
            spread = Math.max(spread, Math.abs(sampleTheta[byDelay[i]] - theta0 - line));
        }
        long offset = theta0 + Math.round(level + slope * (latestAt - at0 - meanX));
        long delay = sampleDelay[best];
        long uncertainty = delay / 2 + delay % 2 + (long) Math.ceil(spread);
        return new ClockEstimate(offset, uncertainty, slope * 1e6, delay, n, latestAt);
    }

    private int slot(long seq) {
        return (int) Long.remainderUnsigned(seq, window);
    }

    private static void writeHead(byte[] m, int type, long seq) {
        System.arraycopy(MAGIC, 0, m, 0, MAGIC.length);
        putU16(m, 4, VERSION);
        putU16(m, 6, type);
        putI64(m, 8, seq);
    }

    private static void check(byte[] m, int type, int length, String what) {
        if (m == null) {
            throw new IllegalArgumentException("clock exchange " + what + ": null message");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= m.length || m[i] != MAGIC[i]) {
                throw new IllegalArgumentException("clock exchange " + what + ": magic " + hex(m, 4)
                        + ", expected 4E 52 43 31 ('NRC1'): not a clock message");
            }
        }
        if (m.length < 8) {
            throw new IllegalArgumentException(
                    "clock exchange " + what + ": " + m.length + " bytes, expected " + length);
        }
        int version = u16(m, 4);
        if (version != VERSION) {
            throw new IllegalArgumentException(
                    "clock exchange " + what + ": version " + version + ", expected " + VERSION);
        }
        int actual = u16(m, 6);
        if (actual != type) {
            throw new IllegalArgumentException("clock exchange " + what + ": type " + actual + ", expected " + type
                    + " (" + (type == TYPE_REQUEST ? "request" : "reply") + ")");
        }
        if (m.length != length) {
            throw new IllegalArgumentException(
                    "clock exchange " + what + ": " + m.length + " bytes, expected " + length);
        }
    }

    private static String hex(byte[] m, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(max, m.length); i++) {
            s.append(i == 0 ? "" : " ").append(String.format("%02X", m[i]));
        }
        return m.length == 0 ? "(empty)" : s.toString();
    }
}
