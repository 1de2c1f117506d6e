// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.junit;

/** {@link PagesContract} in-process, through the validator. */
@WsgiTest(app = "io.wsgi4j.testing.PagesApp::APP")
class PagesInProcessTest extends PagesContract {
}
