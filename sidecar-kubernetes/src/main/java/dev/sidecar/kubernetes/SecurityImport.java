package dev.sidecar.kubernetes;

import dev.sidecar.ContainerSpec;
import dev.sidecar.PodSpec;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pod's and the containers' security contexts as the spec's own fields (users and groups, runAsNonRoot, fsGroup,
 * supplemental groups, sysctls, a read-only root, privilege escalation, capabilities). A seccomp or AppArmor profile
 * of type {@code RuntimeDefault} is what Docker applies anyway: reported, not kept.
 */
final class SecurityImport {

    private static final Pattern NUMERIC_USER = Pattern.compile("([0-9]+)(?::([0-9]+))?");

    private SecurityImport() {
    }

    static void pod(ImportContext ctx, PodSecurityContext sc, String at, PodSpec.Builder b) {
        if (sc == null) {
            return;
        }
        if (sc.getRunAsUser() != null) {
            b.runAsUser(sc.getRunAsUser());
        }
        if (sc.getRunAsGroup() != null) {
            b.runAsGroup(sc.getRunAsGroup());
        }
        if (sc.getRunAsNonRoot() != null) {
            b.runAsNonRoot(sc.getRunAsNonRoot());
        }
        if (sc.getFsGroup() != null) {
            b.fsGroup(sc.getFsGroup());
        }
        if (sc.getSupplementalGroups() != null) {
            sc.getSupplementalGroups().forEach(b::supplementalGroup);
        }
        if (sc.getSysctls() != null) {
            for (int i = 0; i < sc.getSysctls().size(); i++) {
                var sysctl = sc.getSysctls().get(i);
                if (sysctl.getName() == null || sysctl.getValue() == null) {
                    ctx.problem(FieldPath.index(FieldPath.child(at, "sysctls"), i), "", "a sysctl needs a name and a "
                            + "value");
                } else {
                    b.sysctl(sysctl.getName(), sysctl.getValue());
                }
            }
        }
        for (String field : new String[] {"runAsUser", "runAsGroup", "runAsNonRoot", "fsGroup", "supplementalGroups",
            "sysctls"}) {
            ctx.consume(FieldPath.child(at, field));
        }
        if ("Merge".equals(sc.getSupplementalGroupsPolicy())) {
            ctx.consume(FieldPath.child(at, "supplementalGroupsPolicy"));
        }
        profiles(ctx, sc.getSeccompProfile(), sc.getAppArmorProfile(), at);
    }

    static void container(ImportContext ctx, SecurityContext sc, String at, Extensions.Container extra,
            ContainerSpec.Builder b) {
        if (sc == null) {
            return;
        }
        Long writtenUser = null;
        Long writtenGroup = null;
        Matcher user = extra.user() == null ? null : NUMERIC_USER.matcher(extra.user());
        if (extra.userIsRunAs() && user != null && user.matches()) {
            // runAsUser/runAsGroup were written from the extension user(...): they are that user, not fields of
            // their own.
            writtenUser = Long.parseLong(user.group(1));
            writtenGroup = user.group(2) == null ? null : Long.parseLong(user.group(2));
        }
        if (sc.getRunAsUser() != null && !sc.getRunAsUser().equals(writtenUser)) {
            b.runAsUser(sc.getRunAsUser());
        }
        if (sc.getRunAsGroup() != null && !sc.getRunAsGroup().equals(writtenGroup)) {
            b.runAsGroup(sc.getRunAsGroup());
        }
        if (sc.getRunAsNonRoot() != null) {
            b.runAsNonRoot(sc.getRunAsNonRoot());
        }
        if (sc.getReadOnlyRootFilesystem() != null) {
            b.readOnlyRootFilesystem(sc.getReadOnlyRootFilesystem());
        }
        if (sc.getAllowPrivilegeEscalation() != null) {
            b.allowPrivilegeEscalation(sc.getAllowPrivilegeEscalation());
        }
        if (sc.getPrivileged() != null) {
            b.privileged(sc.getPrivileged());
        }
        if (sc.getCapabilities() != null) {
            if (sc.getCapabilities().getAdd() != null) {
                sc.getCapabilities().getAdd().forEach(b::addCapability);
            }
            if (sc.getCapabilities().getDrop() != null) {
                sc.getCapabilities().getDrop().forEach(b::dropCapability);
            }
        }
        for (String field : new String[] {"runAsUser", "runAsGroup", "runAsNonRoot", "readOnlyRootFilesystem",
            "allowPrivilegeEscalation", "privileged", "capabilities"}) {
            ctx.consume(FieldPath.child(at, field));
        }
        if ("Default".equals(sc.getProcMount())) {
            ctx.consume(FieldPath.child(at, "procMount"));
        }
        profiles(ctx, sc.getSeccompProfile(), sc.getAppArmorProfile(), at);
    }

    /** {@code RuntimeDefault} is Docker's own profile, which every container gets: reported; others are refused. */
    private static void profiles(ImportContext ctx, SeccompProfile seccomp, AppArmorProfile appArmor, String at) {
        if (seccomp != null) {
            profile(ctx, seccomp.getType(), FieldPath.child(at, "seccompProfile"), "seccomp", "Docker's default "
                    + "seccomp profile, which every container that is not privileged runs under here");
        }
        if (appArmor != null) {
            profile(ctx, appArmor.getType(), FieldPath.child(at, "appArmorProfile"), "AppArmor", "Docker's "
                    + "docker-default AppArmor profile, which every container runs under where the engine's host "
                    + "has AppArmor");
        }
    }

    private static void profile(ImportContext ctx, String type, String at, String what, String runtimeDefault) {
        if ("RuntimeDefault".equals(type)) {
            ctx.report(at, Verdict.DIFFERENT, "RuntimeDefault is " + runtimeDefault + "; the spec does not keep it, "
                    + "so an export does not write it");
        } else {
            ctx.report(at, Verdict.UNSUPPORTED, "a " + what + " profile of type " + type + " is not applied: "
                    + "containers run under the engine's default one");
        }
    }
}
