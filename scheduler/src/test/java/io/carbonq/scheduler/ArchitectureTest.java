package io.carbonq.scheduler;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.conditions.ArchConditions.accessTargetWhere;
import static com.tngtech.archunit.lang.conditions.ArchConditions.never;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.carbonq.scheduler.forecast.ForecastRevisions;
import io.carbonq.scheduler.forecast.UrgentArrivals;
import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.Policy;
import io.carbonq.scheduler.simulation.StepContext;
import java.time.Clock;
import java.time.Instant;

/** Keeps the module and package directions of the house style. */
@AnalyzeClasses(packages = "io.carbonq", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreUsesOnlyTheJdkAndTheForecastApi =
      classes()
          .that()
          .resideInAnyPackage("io.carbonq.scheduler.domain..", "io.carbonq.scheduler.planning..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "java..",
              "io.carbonq.scheduler.domain..",
              "io.carbonq.scheduler.planning..",
              "io.carbonq.forecasts.api..");

  @ArchTest
  static final ArchRule budgetsArePureToo =
      classes()
          .that()
          .resideInAPackage("io.carbonq.scheduler.budget..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "io.carbonq.scheduler.budget..", "io.carbonq.config..");

  @ArchTest
  static final ArchRule forecastApiCarriesNoVendorTypes =
      noClasses()
          .that()
          .resideInAPackage("io.carbonq.forecasts.api..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "okhttp3..", "com.fasterxml..", "io.fabric8..", "io.carbonq.forecasts.trace..");

  @ArchTest
  static final ArchRule lowerModulesNeverSeeTheScheduler =
      noClasses()
          .that()
          .resideInAnyPackage("io.carbonq.config..", "io.carbonq.forecasts..", "io.carbonq.k8s..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.carbonq.scheduler..");

  @ArchTest
  static final ArchRule configAndForecastsAreIndependent =
      noClasses()
          .that()
          .resideInAPackage("io.carbonq.forecasts..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.carbonq.config..", "io.carbonq.k8s..");

  @ArchTest
  static final ArchRule onlyBootReadsTheSystemClock =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.carbonq.scheduler.boot..")
          .should()
          .callMethod(Instant.class, "now")
          .orShould()
          .callMethod(Clock.class, "systemUTC")
          .orShould()
          .callMethod(Clock.class, "systemDefaultZone")
          .orShould()
          .callMethod(System.class, "currentTimeMillis");

  @ArchTest
  static final ArchRule theCommandLineIsOnlyWiredByBoot =
      noClasses()
          .that()
          .resideOutsideOfPackages("io.carbonq.scheduler.cli..", "io.carbonq.scheduler.boot..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.carbonq.scheduler.cli..");

  /**
   * A policy decides on what a scheduler would know: the work as submitted and the intensity up to
   * now, through its {@code StepContext}. It may use the JDK, the domain, the planner and the
   * forecast API, and of the simulator only what a policy is handed; not the scenario (later
   * arrivals, the intensity to come), the traces it is built from, or a run's actual workload (its
   * true run time), whether called or passed as a method reference.
   */
  @ArchTest static final ArchRule policiesCannotReadTheFuture = policiesCannotReadTheFuture();

  static ArchRule policiesCannotReadTheFuture() {
    DescribedPredicate<JavaAccess<?>> actualWorkload =
        new DescribedPredicate<>("access JobRun.actual()") {
          @Override
          public boolean test(JavaAccess<?> access) {
            return access.getTargetOwner().isEquivalentTo(JobRun.class)
                && access.getName().equals("actual");
          }
        };
    return classes()
        .that()
        .resideInAPackage("io.carbonq.scheduler.simulation.policy..")
        .should()
        .onlyDependOnClassesThat(
            resideInAnyPackage(
                    "java..",
                    "io.carbonq.scheduler.domain..",
                    "io.carbonq.scheduler.planning..",
                    "io.carbonq.forecasts.api..",
                    "io.carbonq.scheduler.simulation.policy..")
                .or(equivalentTo(JobRun.class))
                .or(equivalentTo(Policy.class))
                .or(equivalentTo(StepContext.class))
                // They learn only from the forecasts and the arrivals a policy hands them.
                .or(equivalentTo(ForecastRevisions.class))
                .or(equivalentTo(UrgentArrivals.class)))
        .andShould(never(accessTargetWhere(actualWorkload)));
  }

  @ArchTest
  static final ArchRule thePlannerAndTheSimulatorNeitherLogNorPrint =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.carbonq.scheduler.planning..", "io.carbonq.scheduler.simulation..")
          .should()
          .accessField(System.class, "out")
          .orShould()
          .accessField(System.class, "err");
}
