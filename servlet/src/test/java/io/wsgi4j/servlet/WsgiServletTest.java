// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.wsgi4j.Application;
import io.wsgi4j.testing.contract.ContractApp;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WsgiServletTest {

    private static WsgiServlet initialised(String appParam) throws ServletException {
        ServletConfig config = mock(ServletConfig.class);
        when(config.getServletName()).thenReturn("shop");
        when(config.getInitParameter(WsgiServlet.APP_PARAM)).thenReturn(appParam);
        when(config.getServletContext()).thenReturn(mock(ServletContext.class));
        WsgiServlet servlet = new WsgiServlet();
        servlet.init(config);
        return servlet;
    }

    @Test
    void theInitParamNamesTheApplicationAsTheCommandLineDoes() throws ServletException {
        WsgiServlet servlet = initialised(" io.wsgi4j.testing.contract.ContractApp::APP ");
        assertSame(ContractApp.APP, servlet.application());
    }

    @Test
    void aMissingInitParamSaysWhichParamAndWhatToPutThere() {
        ServletException e = assertThrows(ServletException.class, () -> initialised(null));
        assertTrue(e.getMessage().contains("\"shop\""), e.getMessage());
        assertTrue(e.getMessage().contains("wsgi4j.app"), e.getMessage());
        assertTrue(e.getMessage().contains("pkg.Class::member"), e.getMessage());
    }

    @Test
    void anInitParamThatNamesNoApplicationFailsWithTheLoadersReason() {
        ServletException e = assertThrows(ServletException.class, () -> initialised("no.such.Class::app"));
        assertTrue(e.getMessage().startsWith("servlet \"shop\": init-param wsgi4j.app: "), e.getMessage());
        assertTrue(e.getMessage().contains("no.such.Class"), e.getMessage());
    }

    @Test
    void registerMapsTheServletAndLoadsItAtStartup() {
        ServletContext context = mock(ServletContext.class);
        ServletRegistration.Dynamic registration = mock(ServletRegistration.Dynamic.class);
        when(context.addServlet(eq("shop"), any(jakarta.servlet.Servlet.class))).thenReturn(registration);
        when(registration.addMapping("/shop/*")).thenReturn(Set.of());
        Application app = ContractApp.APP;
        assertSame(registration, WsgiServlet.register(context, "shop", app, "/shop/*"));
        org.mockito.Mockito.verify(registration).setLoadOnStartup(1);
    }

    @Test
    void registerRejectsNoPatternAndAPatternTakenByAnotherServlet() {
        ServletContext context = mock(ServletContext.class);
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> WsgiServlet.register(context, "shop", ContractApp.APP));
        assertTrue(none.getMessage().contains("at least one URL pattern"), none.getMessage());

        ServletRegistration.Dynamic registration = mock(ServletRegistration.Dynamic.class);
        when(context.addServlet(eq("shop"), any(jakarta.servlet.Servlet.class))).thenReturn(registration);
        when(registration.addMapping("/*")).thenReturn(Set.of("/*"));
        IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                () -> WsgiServlet.register(context, "shop", ContractApp.APP, "/*"));
        assertEquals("the URL patterns [/*] are already mapped to another servlet; choose other patterns for \"shop\"",
                taken.getMessage());
    }
}
