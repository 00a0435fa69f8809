/** Test captures and the seeded synthetic capture generator. */
package org.dnslens.testdata;
