package org.neurorig.plugin.models.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.accel.LocalAccelerator;
import org.neurorig.adapter.sim.internal.SimSources;
import org.neurorig.plugin.models.FeatureSetComparison;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

/**
 * model.encoding.compare on sim.handwriting (10 minutes of 20 ms bins, 96 units, half kinematic,
 * half feature units): the kinematics port against the character markers as one-hot labels. At
 * least 90 % of the units must land in the set of their true tuning type.
 */
class EncodingComparisonHandwritingTest {
    static final String LETTERS = "a,b,c,d,e,h,k,l,m,n,o,t,v,x,z";

    @TempDir
    Path tmp;

    @Test
    void assignsSimulatedUnitsToTheirTuningType() throws Exception {
        Path truthFile = tmp.resolve("truth.json");
        var array = SimSources.handwriting(
                "channels",
                96,
                "binMs",
                20,
                "bins",
                30_000,
                "pace",
                "fast",
                "seed",
                2,
                "groundTruth",
                truthFile.toString());
        try (LocalAccelerator accel = LocalAccelerator.open("auto", 2)) {
            EncodingComparisonModel m = new EncodingComparisonModel();
            m.accel = accel;
            m.activate(TestConfig.of(
                    EncodingComparisonConfig.class,
                    "sets",
                    "kinematics,characters",
                    "labels",
                    LETTERS,
                    "minLag",
                    0,
                    "maxLag",
                    0,
                    "foldRows",
                    6000,
                    "fitEvery",
                    0,
                    "lambdas",
                    "0.1,1,10,100,1000"));
            ProcessorRun[] pr = new ProcessorRun[1];
            SourceFeed feed = new SourceFeed(array, (port, b) -> pr[0].feed(port, b));
            pr[0] = Harness.processor(m, feed.specs.get(0), feed.specs.get(1), feed.specs.get(2));
            feed.run(3);
            FeatureSetComparison c = m.comparison();
            assertThat(c).as("fitted at the end of the streams").isNotNull();
            assertThat(c.fits().get(0).rows()).isEqualTo(30_000);
            JsonNode units = new ObjectMapper().readTree(truthFile.toFile()).get("units");
            int right = 0;
            int[] perType = new int[2];
            for (JsonNode u : units) {
                int truth = "kinematic".equals(u.get("tuning").asText()) ? 0 : 1;
                int j = u.get("channel").asInt();
                if (c.best()[j] == truth) {
                    right++;
                    perType[truth]++;
                }
            }
            double fraction = right / (double) units.size();
            System.out.printf(
                    "compare on sim.handwriting (%s): %d/%d units in their true set (%.3f; kinematic %d,"
                            + " feature %d); fraction per set %.3f %.3f%n",
                    accel.device(),
                    right,
                    units.size(),
                    fraction,
                    perType[0],
                    perType[1],
                    c.fraction()[0],
                    c.fraction()[1]);
            assertThat(fraction).isGreaterThanOrEqualTo(0.9);
        }
    }
}
