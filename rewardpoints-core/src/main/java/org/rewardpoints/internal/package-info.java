/**
 * Unsupported: implementation details shared by the library's own modules (input checks, cursors,
 * expiry arithmetic, id generation). Not part of the public API; anything here may change or
 * disappear in any release without notice.
 */
package org.rewardpoints.internal;
