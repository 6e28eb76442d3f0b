<?php
/**
 * Turns a block's or a shortcode's options into one `<amage-…>` element, and loads the widget kit.
 *
 * @package AmagePortals
 */

namespace Amage\Portals;

defined( 'ABSPATH' ) || exit;

/**
 * The one place that writes widget markup. Every value is checked against the widget's block.json
 * schema and escaped; the server address comes only from the settings, never from a block or a
 * shortcode (an author cannot point a widget at another server). Whatever cannot be shown becomes a
 * note for people who may edit the page, and nothing for visitors.
 */
final class Renderer {
	const KIT_HANDLE = 'amage-portals-kit';

	/** A link token: `amg_` and base64url (sessions, `amgs_…`, last minutes and are refused). */
	const TOKEN_PATTERN = '/^amg_[A-Za-z0-9_-]{20,200}$/';

	/** The longest free-text option (a category key, an equipment ref or QR code, a checklist key). */
	const MAX_TEXT = 200;

	/**
	 * Registers the hooks.
	 */
	public static function hook() {
		add_filter( 'script_loader_tag', array( __CLASS__, 'module_tag' ), 10, 3 );
	}

	/**
	 * The widget kit's address on a server: one ES module through which every element is defined.
	 *
	 * @param string $server Server base URL.
	 * @return string
	 */
	public static function kit_url( $server ) {
		return $server . '/widgets/amage-portals.js';
	}

	/**
	 * A block's output (the block's attributes were already checked by WordPress against block.json).
	 *
	 * @param string $name       Widget name.
	 * @param array  $attributes Block attributes.
	 * @return string
	 */
	public static function block( $name, $attributes ) {
		$widget = Widgets::get( $name );
		$values = array();
		foreach ( $widget ? array_keys( $widget['attributes'] ) : array() as $option ) {
			if ( isset( $attributes[ $option ] ) ) {
				$values[ $option ] = $attributes[ $option ];
			}
		}
		return self::render( $name, $values, array(), get_block_wrapper_attributes() );
	}

	/**
	 * The element for a widget, or a note for editors (and nothing for visitors) when it cannot be shown.
	 *
	 * @param string   $name    Widget name, e.g. `service-request`.
	 * @param array    $values  Option name (block attribute) => given value.
	 * @param string[] $unknown Options given that the widget does not have (shortcode attributes).
	 * @param string   $wrapper Extra HTML attributes, already escaped (block supports: class, alignment).
	 * @return string
	 */
	public static function render( $name, array $values, array $unknown = array(), $wrapper = '' ) {
		$widget = Widgets::get( $name );
		if ( '' === $name ) {
			return self::notice(
				sprintf(
					/* translators: %s: the list of widget names */
					__( 'say which widget to show, e.g. [amage widget="service-request"]. The widgets are: %s.', 'amage-portals' ),
					implode( ', ', array_keys( Widgets::all() ) )
				)
			);
		}
		if ( ! $widget ) {
			return self::notice(
				sprintf(
					/* translators: 1: the widget name given, 2: the list of widget names */
					__( 'there is no widget called “%1$s”. The widgets are: %2$s.', 'amage-portals' ),
					$name,
					implode( ', ', array_keys( Widgets::all() ) )
				)
			);
		}
		$title  = Widgets::title( $name );
		$server = Settings::server_url();
		if ( '' === $server ) {
			return self::notice(
				sprintf(
					/* translators: %s: the widget's title, e.g. "Service request form" */
					__( '“%s” is not shown: the portal server address is not set (Settings → AMAGE Portals).', 'amage-portals' ),
					$title
				),
				true
			);
		}

		$attributes = array( 'api' => $server );
		$notes      = array();
		foreach ( $unknown as $option ) {
			/* translators: 1: an option name, 2: the widget's title */
			$notes[] = sprintf( __( '“%1$s” is not an option of “%2$s”; it was left out.', 'amage-portals' ), $option, $title );
		}
		foreach ( $widget['attributes'] as $option => $schema ) {
			if ( ! array_key_exists( $option, $values ) ) {
				continue;
			}
			if ( 'token' === $option ) {
				$token = self::token( $values[ $option ] );
				if ( is_string( $token ) && '' !== $token ) {
					$attributes['token'] = $token;
				} elseif ( is_array( $token ) ) {
					// A token that cannot work would show visitors a broken widget: show nothing instead.
					/* translators: 1: the widget's title, 2: what is wrong with the token */
					return self::notice( sprintf( __( '“%1$s” is not shown: %2$s', 'amage-portals' ), $title, $token['problem'] ) );
				}
				continue;
			}
			$value = self::value( $schema, $values[ $option ] );
			if ( null === $value ) {
				/* translators: 1: an option name, 2: the widget's title */
				$notes[] = sprintf( __( 'The value of “%1$s” is not one “%2$s” accepts; it was left out.', 'amage-portals' ), Widgets::html_attribute( $option ), $title );
			} elseif ( '' !== $value && false !== $value && ( $schema['default'] ?? null ) !== $value ) {
				$attributes[ Widgets::html_attribute( $option ) ] = $value;
			}
		}
		if ( ! isset( $attributes['lang'] ) && '' !== Settings::default_language() ) {
			$attributes['lang'] = Settings::default_language();
		}

		wp_enqueue_script( self::KIT_HANDLE, self::kit_url( $server ), array(), null, true ); // phpcs:ignore WordPress.WP.EnqueuedResourceParameters.MissingVersion -- the server versions its kit.

		$html = '<' . $widget['tag'] . ( '' !== $wrapper ? ' ' . $wrapper : '' );
		foreach ( $attributes as $attribute => $value ) {
			$html .= true === $value ? ' ' . $attribute : ' ' . $attribute . '="' . ( 'api' === $attribute ? esc_url( $value ) : esc_attr( $value ) ) . '"';
		}
		$html .= '></' . $widget['tag'] . '>';
		return $notes ? $html . self::notice( implode( ' ', $notes ) ) : $html;
	}

	/**
	 * The link token from what an editor pasted: the token itself or the whole link (`…#token=amg_…`).
	 *
	 * @param mixed $given The token option.
	 * @return string|array{problem: string} '' for none (the element reads `#token=` of the page).
	 */
	private static function token( $given ) {
		$token = trim( is_string( $given ) ? $given : '' );
		if ( preg_match( '/[#&?]token=([^&\s]+)/', $token, $match ) ) {
			$token = rawurldecode( $match[1] );
		}
		if ( '' === $token || preg_match( self::TOKEN_PATTERN, $token ) ) {
			return $token;
		}
		if ( 0 === strpos( $token, 'amgs_' ) ) {
			return array( 'problem' => __( 'this is a session token, which lasts only minutes. Paste the link token (amg_…) from the AMAGE e-mail.', 'amage-portals' ) );
		}
		return array( 'problem' => __( 'the link token is not valid. Paste the token (amg_…) or the whole link from the AMAGE e-mail.', 'amage-portals' ) );
	}

	/**
	 * A value checked against its block.json schema: the value to write, `false`/'' for "leave the
	 * attribute out", or null when it is not acceptable. Shortcodes give strings; blocks give typed values.
	 *
	 * @param array $schema The attribute's schema.
	 * @param mixed $given  The value.
	 * @return string|bool|null
	 */
	private static function value( array $schema, $given ) {
		switch ( $schema['type'] ?? 'string' ) {
			case 'boolean':
				if ( is_bool( $given ) ) {
					return $given;
				}
				$flag = is_string( $given ) ? strtolower( trim( $given ) ) : '';
				if ( in_array( $flag, array( '', '1', 'true', 'yes', 'on' ), true ) ) {
					return true;
				}
				return in_array( $flag, array( '0', 'false', 'no', 'off' ), true ) ? false : null;
			case 'integer':
				if ( ! is_int( $given ) && ! ( is_string( $given ) && preg_match( '/^\s*\d{1,9}\s*$/', $given ) ) ) {
					return null;
				}
				$number = (int) $given;
				if ( ( isset( $schema['minimum'] ) && $number < $schema['minimum'] ) || ( isset( $schema['maximum'] ) && $number > $schema['maximum'] ) ) {
					return null;
				}
				return (string) $number;
			case 'array':
				$items   = is_array( $given ) ? $given : preg_split( '/[\s,]+/', is_string( $given ) ? $given : '', -1, PREG_SPLIT_NO_EMPTY );
				$allowed = $schema['items']['enum'] ?? array();
				$items   = array_values( array_unique( array_filter( $items, 'is_string' ) ) );
				return array_diff( $items, $allowed ) ? null : implode( ' ', $items );
			default:
				if ( ! is_string( $given ) ) {
					return null;
				}
				$text = sanitize_text_field( $given );
				if ( isset( $schema['enum'] ) ) {
					return in_array( $text, $schema['enum'], true ) ? $text : null;
				}
				return strlen( $text ) <= ( $schema['maxLength'] ?? self::MAX_TEXT ) ? $text : null;
		}
	}

	/**
	 * A note for people who may edit the page; nothing for anyone else.
	 *
	 * @param string $message       What is wrong (plain text).
	 * @param bool   $settings_link Whether to link the settings page (for those who may change it).
	 * @return string
	 */
	private static function notice( $message, $settings_link = false ) {
		$post_id = get_the_ID();
		if ( ! ( $post_id ? current_user_can( 'edit_post', $post_id ) : current_user_can( 'edit_pages' ) ) ) {
			return '';
		}
		$link = $settings_link && current_user_can( 'manage_options' )
			? ' <a href="' . esc_url( Settings::page_url() ) . '">' . esc_html__( 'Open the settings', 'amage-portals' ) . '</a>'
			: '';
		return '<p class="amage-portals-notice" role="note" style="border-left:4px solid #d63638;background:#fcf0f1;color:#1e1e1e;padding:0.5em 1em">'
			. '<strong>' . esc_html__( 'AMAGE Portals:', 'amage-portals' ) . '</strong> ' . esc_html( $message ) . $link
			. ' <em>' . esc_html__( '(Only people who may edit this page see this note.)', 'amage-portals' ) . '</em></p>';
	}

	/**
	 * Prints the kit as an ES module (WordPress 6.1 has no script modules of its own).
	 *
	 * @param string $tag    The tag WordPress made.
	 * @param string $handle The script's handle.
	 * @param string $src    The script's address.
	 * @return string
	 */
	public static function module_tag( $tag, $handle, $src ) {
		if ( self::KIT_HANDLE !== $handle ) {
			return $tag;
		}
		// phpcs:ignore WordPress.WP.EnqueuedResources.NonEnqueuedScript -- this is the enqueued script's own tag.
		return '<script type="module" src="' . esc_url( $src ) . '" id="' . esc_attr( $handle ) . '-js"></script>' . "\n";
	}
}
