/**
 * Examples of the Java API.
 */
package org.hvs.examples;
