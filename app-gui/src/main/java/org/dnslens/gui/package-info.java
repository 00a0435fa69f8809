/** The desktop analyzer. */
package org.dnslens.gui;
