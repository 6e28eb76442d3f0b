<?php
/**
 * Removes what the plugin stored: its two options and the connection-check results, on every site
 * of a network. Pages keep their blocks and shortcodes (they are the editors' content); without the
 * plugin WordPress shows them as unsupported blocks and plain text.
 *
 * @package AmagePortals
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

/**
 * Deletes the plugin's data of the current site.
 */
function amage_portals_uninstall_site() {
	global $wpdb;
	delete_option( 'amage_portals_server_url' );
	delete_option( 'amage_portals_default_language' );
	// Connection-check results are transients per user (one minute each); remove any still there.
	$checks = $wpdb->get_col( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- a one-off clean-up.
		$wpdb->prepare(
			"SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s",
			$wpdb->esc_like( '_transient_amage_portals_check_' ) . '%'
		)
	);
	foreach ( $checks as $option ) {
		delete_transient( substr( $option, strlen( '_transient_' ) ) );
	}
}

if ( is_multisite() ) {
	foreach ( get_sites( array( 'fields' => 'ids', 'number' => 0 ) ) as $amage_portals_site ) {
		switch_to_blog( $amage_portals_site );
		amage_portals_uninstall_site();
		restore_current_blog();
	}
} else {
	amage_portals_uninstall_site();
}
