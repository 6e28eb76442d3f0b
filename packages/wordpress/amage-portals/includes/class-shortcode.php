<?php
/**
 * `[amage widget="…" …]` for classic editors and page builders.
 *
 * @package AmagePortals
 */

namespace Amage\Portals;

defined( 'ABSPATH' ) || exit;

/**
 * The shortcode takes the same options as the widget's block, written as the element's attributes:
 * `[amage widget="service-request" token="amg_…" lang="pl" category="fault" hide-fields="category" no-list]`.
 */
final class Shortcode {
	const TAG = 'amage';

	/**
	 * Registers the hooks.
	 */
	public static function hook() {
		add_action(
			'init',
			static function () {
				add_shortcode( self::TAG, array( __CLASS__, 'render' ) );
			}
		);
	}

	/**
	 * The shortcode's output.
	 *
	 * @param array|string $atts Shortcode attributes ('' when there are none).
	 * @return string
	 */
	public static function render( $atts ) {
		$atts   = is_array( $atts ) ? $atts : array();
		$name   = isset( $atts['widget'] ) && is_string( $atts['widget'] ) ? trim( $atts['widget'] ) : '';
		$widget = Widgets::get( $name );
		unset( $atts['widget'] );
		if ( ! $widget ) {
			return Renderer::render( $name, array() );
		}

		$options = array();
		foreach ( array_keys( $widget['attributes'] ) as $option ) {
			$options[ Widgets::html_attribute( $option ) ] = $option;
		}
		$values  = array();
		$unknown = array();
		foreach ( $atts as $key => $value ) {
			if ( is_int( $key ) ) {
				// A bare word (`no-list`) is a flag that is on.
				$key   = strtolower( (string) $value );
				$value = true;
			}
			$key = str_replace( '_', '-', $key );
			if ( isset( $options[ $key ] ) ) {
				$values[ $options[ $key ] ] = $value;
			} else {
				$unknown[] = $key;
			}
		}
		return Renderer::render( $name, $values, $unknown );
	}
}
