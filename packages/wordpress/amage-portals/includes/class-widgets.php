<?php
/**
 * The catalogue of widgets: one block.json per widget under blocks/, read once.
 *
 * @package AmagePortals
 */

namespace Amage\Portals;

defined( 'ABSPATH' ) || exit;

/**
 * Every widget the plugin offers, from `blocks/<widget>/block.json`: the block `amage/<widget>`,
 * the element `<amage-<widget>>`, and the element's options (the block's attributes). The blocks,
 * the shortcode and the editor all read this one list.
 */
final class Widgets {
	/**
	 * Widget name => definition, or null before the first read.
	 *
	 * @var array<string, array{dir: string, block: string, tag: string, attributes: array, supports: array}>|null
	 */
	private static $all = null;

	/**
	 * Every widget, by name (`service-request`, …).
	 *
	 * @return array<string, array{dir: string, block: string, tag: string, attributes: array, supports: array}>
	 */
	public static function all() {
		if ( null === self::$all ) {
			self::$all = array();
			foreach ( glob( dirname( PLUGIN_FILE ) . '/blocks/*/block.json' ) as $file ) {
				$metadata = wp_json_file_decode( $file, array( 'associative' => true ) );
				$name     = basename( dirname( $file ) );
				if ( ! preg_match( '/^[a-z]+(-[a-z]+)*$/', $name ) || ! is_array( $metadata ) || 'amage/' . $name !== ( $metadata['name'] ?? '' ) ) {
					continue;
				}
				self::$all[ $name ] = array(
					'dir'        => dirname( $file ),
					'block'      => $metadata['name'],
					'tag'        => 'amage-' . $name,
					'attributes' => $metadata['attributes'] ?? array(),
					'supports'   => $metadata['supports'] ?? array(),
				);
			}
		}
		return self::$all;
	}

	/**
	 * One widget, or null for a name the plugin does not know.
	 *
	 * @param string $name Widget name, e.g. `service-request`.
	 * @return array{dir: string, block: string, tag: string, attributes: array, supports: array}|null
	 */
	public static function get( $name ) {
		$all = self::all();
		return is_string( $name ) && isset( $all[ $name ] ) ? $all[ $name ] : null;
	}

	/**
	 * The widget's translated title (its block's), e.g. "Service request form".
	 *
	 * @param string $name Widget name.
	 * @return string
	 */
	public static function title( $name ) {
		$widget = self::get( $name );
		$type   = $widget ? \WP_Block_Type_Registry::get_instance()->get_registered( $widget['block'] ) : null;
		return $type && $type->title ? $type->title : $name;
	}

	/**
	 * The element attribute an option is written as: `hideFields` → `hide-fields`.
	 *
	 * @param string $option Block attribute name.
	 * @return string
	 */
	public static function html_attribute( $option ) {
		return strtolower( preg_replace( '/([a-z0-9])([A-Z])/', '$1-$2', $option ) );
	}
}
