/**
 * The sidecar pattern's classic uses, each a runnable {@code main} over a pod of the project's example images
 * ({@code sidecar-examples/images}, built by {@code images/build.sh}): HTTPS for a legacy app, config sync with
 * reload, log shipping, process monitoring, a tiny PaaS with git-sync and the shared PID namespace.
 */
package dev.sidecar.examples;
