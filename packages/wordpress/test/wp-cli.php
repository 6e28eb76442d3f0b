<?php
/**
 * The tests' stand-in for WP-CLI (Debian has none): `php wp-cli.php '<json list of operations>'`
 * loads the test site (WP_DIR, WP_PORT) and runs each operation in turn, printing one JSON list of
 * results. Operations: install, user, post, option, get-option, uninstall; `ping` (which also drops
 * tables that killed runs left behind) and `drop-tables` talk to MariaDB alone, without WordPress.
 *
 * @package AmagePortals
 */

// phpcs:disable WordPress.Security, WordPress.WP.GlobalVariablesOverride

$operations = json_decode( $argv[1] ?? '[]', true );

// Before WordPress loads (it may not be installed, or not be there at all): the database alone.
if ( in_array( $operations[0]['op'] ?? '', array( 'ping', 'drop-tables' ), true ) ) {
	mysqli_report( MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT );
	$db     = new mysqli( '127.0.0.1', 'root', '', 'test', 3306 );
	$prefix = (string) getenv( 'WP_TABLE_PREFIX' );
	if ( 'drop-tables' === $operations[0]['op'] && preg_match( '/^wpt[a-z0-9]+_$/', $prefix ) ) {
		$tables = $db->query( "SHOW TABLES LIKE '" . $db->real_escape_string( addcslashes( $prefix, '_%' ) ) . "%'" )->fetch_all();
		foreach ( $tables as $table ) {
			$db->query( 'DROP TABLE IF EXISTS `' . $table[0] . '`' );
		}
		echo json_encode( array( array( 'dropped' => count( $tables ) ) ) ), "\n";
	} else {
		// Tables of runs that died without cleaning up (a killed test): gone after six hours.
		$stale = $db->query(
			"SELECT table_name FROM information_schema.tables WHERE table_schema = 'test' AND table_name LIKE 'wpt%\\_%' AND create_time < NOW() - INTERVAL 6 HOUR"
		)->fetch_all();
		foreach ( $stale as $table ) {
			$db->query( 'DROP TABLE IF EXISTS `' . $table[0] . '`' );
		}
		echo json_encode( array( array( 'server' => $db->server_info, 'swept' => count( $stale ) ) ) ), "\n";
	}
	exit( 0 );
}

$_SERVER['HTTP_HOST']   = '127.0.0.1:' . getenv( 'WP_PORT' );
$_SERVER['REQUEST_URI'] = '/';

define( 'WP_INSTALLING', 'install' === ( $operations[0]['op'] ?? '' ) );
require getenv( 'WP_DIR' ) . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
add_filter( 'pre_wp_mail', '__return_false' ); // No sendmail here.

/**
 * The block editor opens without its welcome guide for this user.
 *
 * @param int $user_id User.
 */
function skip_welcome_guide( $user_id ) {
	global $wpdb;
	$preferences = array(
		'core/edit-post' => array( 'welcomeGuide' => false ),
		'_modified'      => gmdate( 'c' ),
	);
	update_user_meta( $user_id, $wpdb->get_blog_prefix() . 'persisted_preferences', $preferences );
}

$results = array();
foreach ( $operations as $operation ) {
	switch ( $operation['op'] ) {
		case 'install':
			wp_install( 'Test site', 'admin', 'admin@example.com', false, '', $operation['adminPassword'] );
			wp_set_current_user( 1 );
			$activated = activate_plugin( 'amage-portals/amage-portals.php' );
			if ( is_wp_error( $activated ) ) {
				fwrite( STDERR, $activated->get_error_message() . "\n" );
				exit( 1 );
			}
			skip_welcome_guide( 1 );
			$results[] = array( 'active' => is_plugin_active( 'amage-portals/amage-portals.php' ) );
			break;

		case 'user':
			$id = wp_insert_user(
				array(
					'user_login' => $operation['login'],
					'user_pass'  => $operation['password'],
					'user_email' => $operation['login'] . '@example.com',
					'role'       => $operation['role'],
					'locale'     => $operation['locale'] ?? '',
				)
			);
			if ( is_wp_error( $id ) ) {
				fwrite( STDERR, $id->get_error_message() . "\n" );
				exit( 1 );
			}
			skip_welcome_guide( $id );
			$results[] = array( 'id' => $id );
			break;

		case 'post':
			// Saved as its author: WordPress filters the content (kses) unless they may post unfiltered HTML.
			wp_set_current_user( $operation['author'] ?? 1 );
			$id = wp_insert_post(
				array(
					'post_type'    => $operation['type'] ?? 'page',
					'post_status'  => $operation['status'] ?? 'publish',
					'post_title'   => wp_slash( $operation['title'] ),
					'post_content' => wp_slash( $operation['content'] ), // wp_insert_post() unslashes.
					'post_author'  => $operation['author'] ?? 1,
				),
				true
			);
			if ( is_wp_error( $id ) ) {
				fwrite( STDERR, $id->get_error_message() . "\n" );
				exit( 1 );
			}
			$results[] = array(
				'id'      => $id,
				'url'     => get_permalink( $id ),
				'content' => get_post_field( 'post_content', $id, 'raw' ),
			);
			break;

		case 'option':
			if ( null === $operation['value'] ) {
				delete_option( $operation['name'] );
			} else {
				update_option( $operation['name'], $operation['value'] );
			}
			$results[] = array( 'value' => get_option( $operation['name'], null ) );
			break;

		case 'get-option':
			$results[] = array( 'value' => get_option( $operation['name'], null ) );
			break;

		case 'uninstall':
			wp_set_current_user( 1 );
			deactivate_plugins( 'amage-portals/amage-portals.php' );
			// Runs uninstall.php as WordPress does; the files stay (delete_plugins() would remove them).
			uninstall_plugin( 'amage-portals/amage-portals.php' );
			$results[] = array( 'active' => is_plugin_active( 'amage-portals/amage-portals.php' ) );
			break;

		default:
			fwrite( STDERR, 'unknown operation ' . $operation['op'] . "\n" );
			exit( 1 );
	}
}
echo wp_json_encode( $results ), "\n";
