package org.neurorig.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;

class FilePlaybackTest {
    /** One written block: where it started in the file, samples played before it, its flags, its time. */
    private record Written(long position, long played, int n, int flags, long acq) {}

    @Test
    void fastPaceWritesOneBlockPerReadAndFlagsTheLast() throws Exception {
        FilePlayback p = new FilePlayback("fast", 1000, 250, 100, false);
        p.start(5_000_000_000L);
        List<Written> w = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < 5; i++) {
            total += p.read(null, (out, n) -> record(p, w, n));
        }
        assertThat(total).isEqualTo(250);
        assertThat(w)
                .containsExactly(
                        new Written(0, 0, 100, 0, 5_000_000_000L),
                        new Written(100, 100, 100, 0, 5_100_000_000L),
                        new Written(200, 200, 50, Block.FLAG_END_OF_STREAM, 5_200_000_000L));
        assertThat(p.ended()).isTrue();
    }

    @Test
    void loopingStartsEachPassAtZeroFlaggedAndKeepsCounting() throws Exception {
        FilePlayback p = new FilePlayback("fast", 10, 3, 2, true);
        p.start(0);
        List<Written> w = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            p.read(null, (out, n) -> record(p, w, n));
        }
        assertThat(w)
                .containsExactly(
                        new Written(0, 0, 2, 0, 0),
                        new Written(2, 2, 1, 0, 200_000_000L),
                        new Written(0, 3, 2, Block.FLAG_DISCONTINUITY, 300_000_000L),
                        new Written(2, 5, 1, 0, 500_000_000L));
        assertThat(p.ended()).isFalse();
    }

    @Test
    void aWriterMayEmitFewerSamplesThanOffered() throws Exception {
        FilePlayback p = new FilePlayback("fast", 10, 10, 8, false);
        p.start(0);
        List<Written> w = new ArrayList<>();
        p.read(null, (out, n) -> {
            record(p, w, n);
            return 3; // cut where the file's sample numbers jump
        });
        p.read(null, (out, n) -> record(p, w, n));
        assertThat(w)
                .extracting(Written::position, Written::n)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0L, 8), org.assertj.core.groups.Tuple.tuple(3L, 7));
    }

    @Test
    void realtimeWritesNothingBeforeItIsDue() throws Exception {
        FilePlayback p = new FilePlayback("realtime", 1, 100, 10, false);
        p.start(0);
        assertThat(p.read(null, (out, n) -> n)).isZero(); // 10 samples at 1 Hz are due after 10 s
    }

    @Test
    void paceIsCheckedByName() {
        assertThat(FilePlayback.checkPace("realtime")).isTrue();
        assertThat(FilePlayback.checkPace("fast")).isFalse();
        assertThatThrownBy(() -> FilePlayback.checkPace("slow"))
                .hasMessage("pace must be realtime or fast, got 'slow'");
        assertThatThrownBy(() -> FilePlayback.checkConfig("playback.x", "d", "a folder", "slow"))
                .hasMessage("playback.x: pace must be realtime or fast, got 'slow'");
        assertThatThrownBy(() -> FilePlayback.checkConfig("playback.x", " ", "a folder", "fast"))
                .hasMessage("playback.x: path is required (a folder)");
    }

    private static int record(FilePlayback p, List<Written> w, int n) {
        w.add(new Written(p.position(), p.played(), n, p.flags(n), p.acqTimeNanos()));
        return n;
    }
}
