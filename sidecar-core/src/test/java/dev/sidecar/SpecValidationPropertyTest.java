package dev.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sidecar.test.AnySpecs;
import dev.sidecar.test.InvalidSpecs;
import dev.sidecar.test.InvalidSpecs.Broken;
import dev.sidecar.test.Recipes;
import dev.sidecar.test.Recipes.ContainerRecipe;
import dev.sidecar.test.Recipes.PodRecipe;
import dev.sidecar.test.ValidSpecs;
import dev.sidecar.test.property.Property;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Properties of validation over generated specs (run by {@link Property}; a failure prints the seed and the shrunk
 * spec): what the rules allow builds, round-trips through {@code toBuilder()} and prints no secret; what breaks a rule
 * fails {@code build()} with an {@link InvalidSpecException} whose every problem names a field and a value, the broken
 * one among them; and any spec at all, however malformed, does one or the other and nothing else.
 */
class SpecValidationPropertyTest {

    /** Words that name a field in a problem: every problem holds one of them. */
    private static final List<String> FIELDS = List.of("pod name", "hostname of pod", "has no main container",
            "container name", "image of container", "command", "args[", "env name of container", "value of env",
            "port", "mountPath", "memoryLimit of container", "cpuLimit of container", "stopSignal of container",
            "user of container", "workingDir of container", "capability of container", "volume name",
            "sizeLimit of volume", "volume '", "hostPath of volume", "file '", "of probe", "header '",
            "init container '", "terminationGracePeriod of pod");
    /** How a problem shows a value: quoted, a number (a port, an index), a duration or a list. */
    private static final Pattern VALUE = Pattern.compile("'[^']*'|[0-9]|PT|\\[");

    @Test
    void everySpecGeneratedFromTheRulesBuilds() {
        Property.forAll(ValidSpecs.pods()).check(recipe -> {
            Throwable failure = catchThrowable(recipe::build);

            assertThat(failure).as("build() of a spec that keeps every rule").isNull();
        });
    }

    @Test
    void everyBuiltSpecEqualsItsCopyFromToBuilder() {
        Property.forAll(ValidSpecs.pods()).check(recipe -> assertRoundTrips(recipe.build()));
    }

    @Test
    void everyBuiltSpecPrintsNoSecretValue() {
        Property.forAll(ValidSpecs.pods()).check(recipe -> assertPrintsNoSecret(recipe.build(), recipe));
    }

    @Test
    void everySpecBrokenOnPurposeFailsNamingEachBrokenFieldAndItsValue() {
        Property<Broken> property = Property.forAll(InvalidSpecs.specs());
        List.of("container", "probe", "volume", "pod").forEach(unit -> property.coverage(unit, 5));

        property.classify(broken -> {
            Throwable failure = catchThrowable(broken.build()::get);

            assertThat(failure).as("build() of %s", broken).isInstanceOf(InvalidSpecException.class);
            List<String> problems = ((InvalidSpecException) failure).problems();
            assertEveryProblemNamesAFieldAndAValue((InvalidSpecException) failure);
            for (String expected : broken.expectedProblems()) {
                assertThat(problems).as("problems of %s", broken).anyMatch(p -> containsInOrder(p, expected));
            }
            return broken.unit().replaceAll("(?s) .*", "");
        });
    }

    /**
     * Cheap tries (most specs fail early), so many of them; a fuzz that only ever failed (or only built) would test
     * half of what it claims, so each outcome must be seen in 2 % of them.
     */
    @Test
    void anySpecEitherBuildsOrFailsWithProblemsNamingFieldsAndValues() {
        Property.forAll(AnySpecs.pods()).tries(1000).coverage("built", 2).coverage("invalid", 2).classify(recipe -> {
            PodSpec spec;
            try {
                spec = recipe.build();
            } catch (InvalidSpecException e) {
                assertEveryProblemNamesAFieldAndAValue(e);
                return "invalid";
            }
            assertRoundTrips(spec);
            assertPrintsNoSecret(spec, recipe);
            return "built";
        });
    }

    private static void assertRoundTrips(PodSpec spec) {
        assertThat(spec.toBuilder().build()).isEqualTo(spec).hasSameHashCodeAs(spec);
        for (ContainerSpec c : spec.allContainers()) {
            assertThat(c.toBuilder().build()).as("container '%s'", c.name()).isEqualTo(c).hasSameHashCodeAs(c);
            c.readinessProbe().ifPresent(p -> assertThat(p.toBuilder().build()).isEqualTo(p).hasSameHashCodeAs(p));
        }
        for (VolumeSpec v : spec.volumes()) {
            assertThat(v.toBuilder().build()).as("volume '%s'", v.name()).isEqualTo(v).hasSameHashCodeAs(v);
        }
    }

    private static void assertPrintsNoSecret(PodSpec spec, PodRecipe recipe) {
        assertNoneIn(spec.toString(), recipe.secretValues(), "the pod");
        for (ContainerRecipe c : recipe.allContainers()) {
            assertNoneIn(spec.container(c.name()).toString(), c.secretValues(), "container '" + c.name() + "'");
        }
    }

    /**
     * Every secret is absent from {@code printed}, but for those no text can be told apart from: the empty one (in
     * every text) and those holding {@code *}, the mask's character ({@code "*"} is in every mask, {@code "a*"} in
     * {@code "a*****"}). Reported escaped, so that a secret of control characters or lone surrogates shows.
     */
    private static void assertNoneIn(String printed, List<String> secrets, String what) {
        List<String> shown = secrets.stream().filter(s -> !s.isEmpty() && !s.contains("*"))
                .filter(printed::contains).map(Recipes::q).toList();
        assertThat(shown).as("secret values that %s printed: %s", what, Recipes.q(printed)).isEmpty();
    }

    private static void assertEveryProblemNamesAFieldAndAValue(InvalidSpecException e) {
        assertThat(e.problems()).isNotEmpty();
        for (String problem : e.problems()) {
            assertThat(FIELDS).as("a field named in: %s", problem).anyMatch(problem::contains);
            assertThat(VALUE.matcher(problem).find()).as("a value shown in: %s", problem).isTrue();
            assertThat(e.getMessage()).contains(problem);
        }
    }

    /** Whether {@code text} holds the parts of {@code expected} (split at {@link InvalidSpecs#ELSE}) in order. */
    private static boolean containsInOrder(String text, String expected) {
        int from = 0;
        for (String part : expected.split(InvalidSpecs.ELSE, -1)) {
            int at = text.indexOf(part, from);
            if (at < 0) {
                return false;
            }
            from = at + part.length();
        }
        return true;
    }
}
