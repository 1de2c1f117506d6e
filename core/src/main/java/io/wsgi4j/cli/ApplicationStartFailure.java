// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.cli;

/**
 * The named application was found, but its own code threw while it was made ready: its static
 * initializer, its constructor or its factory method. Unlike a mistyped name, this is not fixed on
 * the command line, so {@link Main} prints the application's stack trace (where it was thrown)
 * instead of a usage hint. Its cause is what the application threw.
 */
final class ApplicationStartFailure extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ApplicationStartFailure(String message, Throwable thrownByTheApplication) {
        super(message, thrownByTheApplication);
    }
}
