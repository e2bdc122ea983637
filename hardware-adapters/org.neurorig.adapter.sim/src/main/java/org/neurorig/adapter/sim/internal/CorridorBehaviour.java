package org.neurorig.adapter.sim.internal;

import java.util.SplittableRandom;

/**
 * The mouse in the virtual corridors of {@code sim.twophoton} (SCIENCE §4), one frame at a time:
 * each trial is a {@link #CORRIDOR_CM} corridor with one texture (drawn at random), then a
 * {@link #GRAY_CM} gray stretch. Running speed is an Ornstein-Uhlenbeck process around 25 cm/s
 * (σ 8 cm/s, τ 1.5 s, kept in 0..60 cm/s). In the rewarded texture's corridor a reward is given
 * when the mouse passes {@link #REWARD_CM}; it then slows to a stop for {@link #CONSUME_S} while
 * it licks. Licks are Bernoulli per frame: 0.3 Hz, 2 Hz in the rewarded corridor past 100 cm
 * (anticipation), 6 Hz while consuming.
 */
final class CorridorBehaviour {
    static final double CORRIDOR_CM = 200;
    static final double GRAY_CM = 60;
    static final double REWARD_CM = 150;
    static final double ANTICIPATION_CM = 100;
    static final double CONSUME_S = 1.5;
    private static final double MEAN_SPEED = 25;
    private static final double SPEED_SD = 8;
    private static final double SPEED_TAU_S = 1.5;
    private static final double MAX_SPEED = 60;

    private final int textures;
    private final int rewarded;
    private final double dt;
    private final SplittableRandom rng;
    private final GaussianNoise gauss;

    /** Position in the current trial, cm (the corridor is 0..200, the gray stretch after it). */
    double position;

    double speed;
    boolean lick;
    boolean reward;
    /** Texture index in the corridor, −1 in the gray stretch. */
    int corridor;
    /** The texture of the current trial (also while in its gray stretch). */
    int trialTexture;
    /** This frame entered a corridor / left it for the gray stretch. */
    boolean entered;

    boolean exited;
    private boolean rewardGiven;
    private long consumeUntil = -1;

    /** @param rewarded the rewarded texture's index, or −1 for none */
    CorridorBehaviour(int textures, int rewarded, double frameRate, long seed) {
        this.textures = textures;
        this.rewarded = rewarded;
        this.dt = 1 / frameRate;
        this.rng = new SplittableRandom(seed);
        this.gauss = new GaussianNoise(seed ^ 0x5DEECE66DL);
        this.speed = MEAN_SPEED;
        this.position = -1; // frame 0 enters the first corridor
    }

    /** Advances to frame {@code n} (called for n = 0, 1, 2, …). */
    void step(long n) {
        entered = false;
        exited = false;
        reward = false;
        boolean consuming = n < consumeUntil;
        if (position < 0) {
            startTrial();
        } else {
            double target = consuming ? 0 : MEAN_SPEED;
            speed += (target - speed) * dt / SPEED_TAU_S
                    + (consuming ? 0 : SPEED_SD * Math.sqrt(2 * dt / SPEED_TAU_S) * gauss.next());
            speed = Math.max(0, Math.min(MAX_SPEED, speed));
            position += speed * dt;
            if (corridor >= 0 && position >= CORRIDOR_CM) {
                corridor = -1;
                exited = true;
            } else if (corridor < 0 && position >= CORRIDOR_CM + GRAY_CM) {
                startTrial();
            }
        }
        if (corridor >= 0 && corridor == rewarded && !rewardGiven && position >= REWARD_CM) {
            reward = true;
            rewardGiven = true;
            consumeUntil = n + Math.round(CONSUME_S / dt);
            consuming = true;
        }
        double lickHz = consuming ? 6 : corridor >= 0 && corridor == rewarded && position >= ANTICIPATION_CM ? 2 : 0.3;
        lick = rng.nextDouble() < lickHz * dt;
    }

    private void startTrial() {
        position = position < 0 ? 0 : position - CORRIDOR_CM - GRAY_CM;
        trialTexture = rng.nextInt(textures);
        corridor = trialTexture;
        rewardGiven = false;
        entered = true;
    }

    /** The reward-prediction ramp: position / 150 cm in the rewarded corridor until the reward, else 0. */
    double ramp() {
        return corridor >= 0 && corridor == rewarded && !rewardGiven ? position / REWARD_CM : 0;
    }
}
