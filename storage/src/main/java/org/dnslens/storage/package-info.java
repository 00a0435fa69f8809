/** The case database. */
package org.dnslens.storage;
