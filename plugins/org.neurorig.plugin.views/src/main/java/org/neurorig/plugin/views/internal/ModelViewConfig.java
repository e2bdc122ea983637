package org.neurorig.plugin.views.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@code view.model}. */
@ObjectClassDefinition(
        name = "view.model",
        description =
                "Model quality on the live page: sorted R² per feature set,"
                        + " the best feature set per neuron, a d' histogram and the coding-direction projection, live and per trial")
public @interface ModelViewConfig {
    @AttributeDefinition(
            description = "Most points sent per curve: sorted R², the projection trace, each trial curve,"
                    + " the R² scatter",
            min = "10",
            max = "5000")
    int points() default 500;

    @AttributeDefinition(description = "Bins of the d' histogram", min = "4", max = "200")
    int bins() default 40;

    @AttributeDefinition(
            description = "The d' histogram spans -range..range (values beyond fall in the end bins)",
            min = "0.1",
            max = "100")
    double range() default 3.0;

    @AttributeDefinition(
            description = "Seconds of the rolling coding-direction projection trace",
            min = "1",
            max = "600")
    double seconds() default 10.0;

    @AttributeDefinition(
            description = "Most projection-trace frames per second of wall time (the projection comes at"
                    + " the imaging frame rate)",
            min = "1",
            max = "30")
    int framesPerSecond() default 10;

    @AttributeDefinition(
            description = "Condition names (event texts of trial onsets), comma-separated, e.g. leaf1,circle1;"
                    + " empty = the first two distinct texts seen",
            required = false)
    String conditions() default "";

    @AttributeDefinition(
            description = "Seconds before each trial onset in the per-trial projection",
            min = "0",
            max = "60")
    double trialBefore() default 1.0;

    @AttributeDefinition(
            description = "Seconds after each trial onset in the per-trial projection",
            min = "0.1",
            max = "120")
    double trialAfter() default 5.0;

    @AttributeDefinition(
            description = "Single trials shown besides the per-condition means (the latest ones)",
            min = "0",
            max = "20")
    int singleTrials() default 3;
}
