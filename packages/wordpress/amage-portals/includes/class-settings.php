<?php
/**
 * Settings → AMAGE Portals: the portal server address, the widgets' language, a connection check.
 *
 * @package AmagePortals
 */

namespace Amage\Portals;

defined( 'ABSPATH' ) || exit;

/**
 * The plugin's two options and the page that edits them (Settings API: options.php checks the
 * `manage_options` capability and the nonce printed by settings_fields()).
 */
final class Settings {
	const GROUP           = 'amage_portals';
	const PAGE            = 'amage-portals';
	const SERVER_URL      = 'amage_portals_server_url';
	const LANGUAGE        = 'amage_portals_default_language';
	const CHECK_ACTION    = 'amage_portals_check';
	const CHECK_TRANSIENT = 'amage_portals_check_';
	const LANGUAGES       = array( 'pl', 'en' );

	/**
	 * Registers the hooks.
	 */
	public static function hook() {
		// The options are registered on every request, so whoever writes them (this page, WP-CLI,
		// another plugin) goes through the same sanitising; the page's fields only in the admin.
		add_action( 'init', array( __CLASS__, 'register_options' ) );
		add_action( 'admin_init', array( __CLASS__, 'register_fields' ) );
		add_action( 'admin_menu', array( __CLASS__, 'add_page' ) );
		add_action( 'admin_post_' . self::CHECK_ACTION, array( __CLASS__, 'handle_check' ) );
		add_action( 'admin_notices', array( __CLASS__, 'missing_server_notice' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( PLUGIN_FILE ), array( __CLASS__, 'action_links' ) );
	}

	/**
	 * The portal server's base URL without a trailing slash, or '' when not set.
	 *
	 * @return string
	 */
	public static function server_url() {
		$url = get_option( self::SERVER_URL, '' );
		return is_string( $url ) ? $url : '';
	}

	/**
	 * The widgets' language ('pl', 'en'), or '' to follow the page.
	 *
	 * @return string
	 */
	public static function default_language() {
		$lang = get_option( self::LANGUAGE, '' );
		return in_array( $lang, self::LANGUAGES, true ) ? $lang : '';
	}

	/**
	 * Where editors set the options.
	 *
	 * @return string
	 */
	public static function page_url() {
		return admin_url( 'options-general.php?page=' . self::PAGE );
	}

	/**
	 * The site's origin (scheme, host, port): what a link placed on it must allow.
	 *
	 * @return string
	 */
	public static function site_origin() {
		$home   = wp_parse_url( home_url() );
		$origin = ( $home['scheme'] ?? 'https' ) . '://' . ( $home['host'] ?? '' );
		return isset( $home['port'] ) ? $origin . ':' . $home['port'] : $origin;
	}

	/**
	 * Registers the options with their sanitising.
	 */
	public static function register_options() {
		register_setting(
			self::GROUP,
			self::SERVER_URL,
			array(
				'type'              => 'string',
				'default'           => '',
				'sanitize_callback' => array( __CLASS__, 'sanitize_server_url' ),
				'show_in_rest'      => false,
			)
		);
		register_setting(
			self::GROUP,
			self::LANGUAGE,
			array(
				'type'              => 'string',
				'default'           => '',
				'sanitize_callback' => array( __CLASS__, 'sanitize_language' ),
				'show_in_rest'      => false,
			)
		);

	}

	/**
	 * Registers the settings page's section and fields.
	 */
	public static function register_fields() {
		add_settings_section( 'amage_portals_server', __( 'Portal server', 'amage-portals' ), '__return_false', self::PAGE );
		add_settings_field(
			self::SERVER_URL,
			__( 'Portal server address', 'amage-portals' ),
			array( __CLASS__, 'server_url_field' ),
			self::PAGE,
			'amage_portals_server',
			array( 'label_for' => self::SERVER_URL )
		);
		add_settings_field(
			self::LANGUAGE,
			__( 'Language of the widgets', 'amage-portals' ),
			array( __CLASS__, 'language_field' ),
			self::PAGE,
			'amage_portals_server',
			array( 'label_for' => self::LANGUAGE )
		);
	}

	/**
	 * Keeps an http(s) address without query, fragment or trailing slash; anything else is refused
	 * with a message and the saved address stays.
	 *
	 * @param mixed $value What was submitted.
	 * @return string
	 */
	public static function sanitize_server_url( $value ) {
		$value = trim( is_string( $value ) ? $value : '' );
		if ( '' === $value ) {
			return '';
		}
		if ( ! preg_match( '#^[a-z][a-z0-9+.-]*://#i', $value ) ) {
			$value = 'https://' . $value; // "portal.example.com" means the secure address.
		}
		$parts = wp_parse_url( $value );
		$valid = is_array( $parts )
			&& in_array( strtolower( $parts['scheme'] ?? '' ), array( 'http', 'https' ), true )
			&& ! empty( $parts['host'] )
			&& preg_match( '/^[a-z0-9.-]+$/i', $parts['host'] )
			&& ! isset( $parts['user'] )
			&& ! isset( $parts['pass'] )
			&& ! isset( $parts['query'] )
			&& ! isset( $parts['fragment'] );
		if ( ! $valid ) {
			self::settings_error(
				'invalid_server_url',
				__( 'The portal server address must be a web address such as https://portal.example.com. The previous address was kept.', 'amage-portals' )
			);
			return self::server_url();
		}
		$url = strtolower( $parts['scheme'] ) . '://' . strtolower( $parts['host'] )
			. ( isset( $parts['port'] ) ? ':' . (int) $parts['port'] : '' )
			. untrailingslashit( $parts['path'] ?? '' );
		$url = esc_url_raw( $url, array( 'http', 'https' ) );
		if ( 'http' === strtolower( $parts['scheme'] ) && 'https' === wp_parse_url( home_url(), PHP_URL_SCHEME ) ) {
			self::settings_error(
				'insecure_server_url',
				__( 'This site uses https:// but the portal server address uses http://: browsers will block the widgets. Use the https:// address of the portal server.', 'amage-portals' ),
				'warning'
			);
		}
		return $url;
	}

	/**
	 * Keeps 'pl', 'en' or '' (follow the page).
	 *
	 * @param mixed $value What was submitted.
	 * @return string
	 */
	public static function sanitize_language( $value ) {
		return in_array( $value, self::LANGUAGES, true ) ? $value : '';
	}

	/**
	 * One message per code: WordPress runs the sanitizer twice when an option is first added.
	 *
	 * @param string $code    Message code.
	 * @param string $message Message shown above the form.
	 * @param string $type    'error' or 'warning'.
	 */
	private static function settings_error( $code, $message, $type = 'error' ) {
		if ( ! function_exists( 'add_settings_error' ) ) {
			return; // Written outside the admin (WP-CLI, a plugin): nobody to tell.
		}
		foreach ( get_settings_errors( self::SERVER_URL ) as $error ) {
			if ( $error['code'] === $code ) {
				return;
			}
		}
		add_settings_error( self::SERVER_URL, $code, $message, $type );
	}

	/**
	 * Adds Settings → AMAGE Portals.
	 */
	public static function add_page() {
		$hook = add_options_page(
			__( 'AMAGE Portals', 'amage-portals' ),
			__( 'AMAGE Portals', 'amage-portals' ),
			'manage_options',
			self::PAGE,
			array( __CLASS__, 'render_page' )
		);
		if ( $hook ) {
			add_action( 'load-' . $hook, array( __CLASS__, 'show_check_result' ) );
		}
	}

	/**
	 * The address field.
	 */
	public static function server_url_field() {
		printf(
			'<input type="url" class="regular-text code" id="%1$s" name="%1$s" value="%2$s" placeholder="https://portal.example.com" aria-describedby="%1$s-description" spellcheck="false" />',
			esc_attr( self::SERVER_URL ),
			esc_attr( self::server_url() )
		);
		echo '<p class="description" id="' . esc_attr( self::SERVER_URL ) . '-description">'
			. esc_html__( 'The address of your AMAGE Portals server, as AMAGE gave it to you. The widgets are loaded from it and talk to it.', 'amage-portals' )
			. '</p>';
	}

	/**
	 * The language field.
	 */
	public static function language_field() {
		$choices = array(
			''   => __( 'Follow the page (recommended)', 'amage-portals' ),
			'pl' => __( 'Polish', 'amage-portals' ),
			'en' => __( 'English', 'amage-portals' ),
		);
		printf( '<select id="%1$s" name="%1$s" aria-describedby="%1$s-description">', esc_attr( self::LANGUAGE ) );
		foreach ( $choices as $value => $label ) {
			printf( '<option value="%s"%s>%s</option>', esc_attr( $value ), selected( self::default_language(), $value, false ), esc_html( $label ) );
		}
		echo '</select>';
		echo '<p class="description" id="' . esc_attr( self::LANGUAGE ) . '-description">'
			. esc_html__( 'Widgets speak the language of the page they are on unless this is set; a block can still choose its own.', 'amage-portals' )
			. '</p>';
	}

	/**
	 * The settings page: the options form, then the connection check (a separate form with its own nonce).
	 */
	public static function render_page() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		echo '<div class="wrap">';
		echo '<h1>' . esc_html( get_admin_page_title() ) . '</h1>';
		echo '<form action="' . esc_url( admin_url( 'options.php' ) ) . '" method="post">';
		settings_fields( self::GROUP );
		do_settings_sections( self::PAGE );
		submit_button();
		echo '</form>';

		echo '<h2>' . esc_html__( 'Connection', 'amage-portals' ) . '</h2>';
		echo '<p>' . esc_html__( 'Asks the saved portal server address whether the server is running.', 'amage-portals' ) . '</p>';
		echo '<form action="' . esc_url( admin_url( 'admin-post.php' ) ) . '" method="post">';
		echo '<input type="hidden" name="action" value="' . esc_attr( self::CHECK_ACTION ) . '" />';
		wp_nonce_field( self::CHECK_ACTION );
		submit_button( __( 'Check connection', 'amage-portals' ), 'secondary', 'submit', false );
		echo '</form>';

		echo '<h2>' . esc_html__( 'Links on this site', 'amage-portals' ) . '</h2>';
		echo '<p>' . sprintf(
			/* translators: %s: the site's origin, e.g. https://www.example.com */
			esc_html__( 'A token placed on a public page can be read by anyone. Ask for links limited to this site: their allowed origins must list %s. A link that does not is refused here, and the widget tells visitors so.', 'amage-portals' ),
			'<code>' . esc_html( self::site_origin() ) . '</code>'
		) . '</p>';
		echo '</div>';
	}

	/**
	 * Checks `GET {server}/healthz` (and that the widget script is there), then comes back to the page.
	 */
	public static function handle_check() {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage options for this site.', 'amage-portals' ), 403 );
		}
		check_admin_referer( self::CHECK_ACTION );
		set_transient( self::CHECK_TRANSIENT . get_current_user_id(), self::check( self::server_url() ), MINUTE_IN_SECONDS );
		wp_safe_redirect( self::page_url() );
		exit;
	}

	/**
	 * Asks the server whether it is alive.
	 *
	 * @param string $url The saved server address.
	 * @return array{type: string, message: string}
	 */
	public static function check( $url ) {
		if ( '' === $url ) {
			return array(
				'type'    => 'error',
				'message' => __( 'No portal server address is saved yet. Enter it above and save first.', 'amage-portals' ),
			);
		}
		$health = wp_remote_get(
			$url . '/healthz',
			array(
				'timeout'     => 5,
				'redirection' => 0,
				'headers'     => array( 'Accept' => 'application/json' ),
			)
		);
		if ( is_wp_error( $health ) ) {
			return array(
				'type'    => 'error',
				'message' => sprintf(
					/* translators: 1: server address, 2: the error, e.g. "Could not resolve host" */
					__( 'No connection: the portal server at %1$s did not answer (%2$s).', 'amage-portals' ),
					$url,
					$health->get_error_message()
				),
			);
		}
		$status = (int) wp_remote_retrieve_response_code( $health );
		$body   = json_decode( wp_remote_retrieve_body( $health ), true );
		if ( 200 !== $status || ! is_array( $body ) || 'ok' !== ( $body['status'] ?? null ) ) {
			return array(
				'type'    => 'error',
				'message' => sprintf(
					/* translators: 1: server address, 2: HTTP status code */
					__( 'No connection: %1$s answered with HTTP status %2$d, not as an AMAGE Portals server does. Check the address.', 'amage-portals' ),
					$url,
					$status
				),
			);
		}
		$kit = wp_remote_head( Renderer::kit_url( $url ), array( 'timeout' => 5 ) );
		if ( is_wp_error( $kit ) || 200 !== (int) wp_remote_retrieve_response_code( $kit ) ) {
			return array(
				'type'    => 'warning',
				'message' => sprintf(
					/* translators: %s: server address */
					__( 'The portal server at %s answered, but it does not serve the widget script. Ask AMAGE to check the server.', 'amage-portals' ),
					$url
				),
			);
		}
		return array(
			'type'    => 'success',
			'message' => sprintf(
				/* translators: %s: server address */
				__( 'Connection works: the portal server at %s answered.', 'amage-portals' ),
				$url
			),
		);
	}

	/**
	 * Shows the last check's result once (WordPress prints settings errors on Settings pages).
	 */
	public static function show_check_result() {
		$key    = self::CHECK_TRANSIENT . get_current_user_id();
		$result = get_transient( $key );
		if ( ! is_array( $result ) ) {
			return;
		}
		delete_transient( $key );
		add_settings_error( self::CHECK_ACTION, 'check', $result['message'], $result['type'] );
	}

	/**
	 * On the Plugins screen and our page: says the plugin needs the server address.
	 */
	public static function missing_server_notice() {
		$screen = get_current_screen();
		if ( ! $screen || 'plugins' !== $screen->id || '' !== self::server_url() || ! current_user_can( 'manage_options' ) ) {
			return;
		}
		printf(
			'<div class="notice notice-warning"><p>%s <a href="%s">%s</a></p></div>',
			esc_html__( 'AMAGE Portals shows no widgets until the portal server address is set.', 'amage-portals' ),
			esc_url( self::page_url() ),
			esc_html__( 'Set it in Settings → AMAGE Portals.', 'amage-portals' )
		);
	}

	/**
	 * "Settings" beside "Deactivate" on the Plugins screen.
	 *
	 * @param string[] $links The plugin's action links.
	 * @return string[]
	 */
	public static function action_links( $links ) {
		if ( current_user_can( 'manage_options' ) ) {
			array_unshift( $links, '<a href="' . esc_url( self::page_url() ) . '">' . esc_html__( 'Settings', 'amage-portals' ) . '</a>' );
		}
		return $links;
	}
}
